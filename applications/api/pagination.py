"""The staff list's pages: keyset pages of the queue (``?cursor=``), as the queue page has them,
with a count that stops at QUEUE_COUNT_LIMIT ("count_is_lower_bound": true past it)."""

from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from ..filters import CaseFilter
from ..selectors import QUEUE_PAGE_SIZE, queue_page, queue_sort


class QueuePagination(BasePagination):
    page_size = QUEUE_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        filters = CaseFilter(request.query_params, queryset=queryset, request=request)
        filters.is_valid()  # the filter backend has already refused bad input
        self.request = request
        self.result = queue_page(
            queryset,
            sort=queue_sort(filters.sort_name, filters.scope),
            cursor=request.query_params.get("cursor"),
            size=self.page_size,
        )
        return self.result.page.rows

    def _link(self, cursor):
        if cursor is None:
            return None
        return replace_query_param(self.request.build_absolute_uri(), "cursor", cursor)

    def get_paginated_response(self, data):
        page = self.result.page
        return Response(
            {
                "count": self.result.count,
                "count_is_lower_bound": self.result.count_is_lower_bound,
                "page": page.number,
                "next": self._link(page.next_cursor),
                "previous": self._link(page.previous_cursor),
                "first": remove_query_param(self.request.build_absolute_uri(), "cursor") if page.number > 1 else None,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["count", "results"],
            "properties": {
                "count": {"type": "integer", "description": "up to 1000; more when count_is_lower_bound"},
                "count_is_lower_bound": {"type": "boolean"},
                "page": {"type": "integer"},
                "next": link,
                "previous": link,
                "first": link,
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "cursor",
                "required": False,
                "in": "query",
                "description": "the page after (or before) a row, from a next or previous link",
                "schema": {"type": "string"},
            }
        ]
