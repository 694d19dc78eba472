"""The whole applicant flow with the keyboard alone: Tab to move, Enter and Space to act, arrow
keys in a list, typing in a field — no mouse, no filling fields from the outside. Every control
reached must show where the focus is."""

import pytest
from playwright.sync_api import expect

from applications.constants import CaseStatus
from applications.models import Case
from tests.factories import PASSWORD
from tests.process import verify

from .browser import go, look

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MAX_TABS = 120

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(), name: el.name || "", value: el.value || "", type: el.type || "",
    text: (el.innerText || el.value || "").trim(),
    ring: style.outlineStyle !== "none" || style.boxShadow !== "none",
  };
}"""


def tab_to(page, *, text=None, name=None):
    """Press Tab until the control with this text (link, button) or this field name has the focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused and (
            (text is not None and focused["text"] == text) or (name is not None and focused["name"] == name)
        ):
            assert focused["ring"], f"no visible focus on {focused}"
            return focused
    raise AssertionError(f"Tab never reached {text or name} on {page.url}")


def type_into(page, name, text):
    tab_to(page, name=name)
    page.keyboard.press("Control+A")  # replace what the field holds
    page.keyboard.type(text)


def choose(page, name, value):
    """In a focused list, arrow keys move the choice without opening it."""
    tab_to(page, name=name)
    for key in ("ArrowDown", "ArrowUp"):
        for _ in range(60):
            if page.evaluate("() => document.activeElement.value") == value:
                return
            page.keyboard.press(key)
    raise AssertionError(f"{name} has no choice {value}")


def activate(page, text, key="Enter"):
    tab_to(page, text=text)
    with page.expect_navigation():
        page.keyboard.press(key)


def test_the_applicant_flow_works_with_the_keyboard_alone(page, applicant, station_address, family):
    _, head, spouse = family
    verify(applicant, head)  # verified at the counter beforehand
    page.on("filechooser", lambda chooser: None)  # file dialogs come to the test from the start, not the desktop
    go(page, "/")
    look(page, "keyboard-00-home")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["text"] == "跳到正文"  # the first stop skips the header
    activate(page, "落户条件自助查询")
    choose(page, "city", "qujing")
    activate(page, "下一步", key="Space")  # the city first: then only its pathways
    choose(page, "pathway", "residence")
    activate(page, "下一步", key="Space")
    choose(page, "zone", "central_urban")
    choose(page, "applicant__housing__kind", "owned")
    activate(page, "查询")
    expect(page.get_by_role("heading", name="符合落户条件")).to_be_visible()
    activate(page, "用这些信息在线申请")  # asks to sign in first, then comes back

    type_into(page, "username", applicant.email)
    type_into(page, "password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_label("城市")).to_have_value("qujing")
    look(page, "keyboard-01-case-new")
    activate(page, "开始填写")

    type_into(page, "name", head.name)
    type_into(page, "id_number", head.id_number)
    choose(page, "address", str(station_address.pk))
    choose(page, "household", "new")
    type_into(page, "relatives-0-name", spouse.name)
    type_into(page, "relatives-0-id_number", spouse.id_number)
    choose(page, "relatives-0-relation", "spouse")
    choose(page, "relatives-0-co_resident", "true")
    activate(page, "保存并核对")
    expect(page.get_by_role("heading", name="核对并提交", exact=True)).to_be_visible()

    for kind in ("id_card", "household_booklet", "property_certificate", "kinship_proof"):
        choose(page, "kind", kind)
        tab_to(page, name="file")
        with page.expect_file_chooser() as chooser:
            page.keyboard.press("Space")
        chooser.value.set_files({"name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": PDF})
        activate(page, "上传")
        expect(page.get_by_text("材料已上传")).to_be_visible()
    look(page, "keyboard-02-case-review")
    activate(page, "确认提交")
    expect(page.get_by_role("heading", name="还缺必需材料，确定现在提交吗？")).to_be_visible()
    activate(page, "仍然提交")
    expect(page.get_by_text("已提交，受理编号")).to_be_visible()
    look(page, "keyboard-03-submitted")

    case = Case.objects.get(applicant=applicant)
    assert case.status == CaseStatus.SUBMITTED and case.name == head.name
    assert case.relatives.get().id_number == spouse.id_number and case.documents.count() == 4
