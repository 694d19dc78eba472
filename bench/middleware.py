"""``X-Queries``: how many SQL queries the request made (bench/settings.py only)."""

from django.db import connection


def query_count(get_response):
    def middleware(request):
        count = [0]

        def counting(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counting):
            response = get_response(request)
        response["X-Queries"] = str(count[0])
        return response

    return middleware
