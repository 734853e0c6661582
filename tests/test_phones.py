"""Phone numbers become tel: links; other long numbers and markup in the text do not."""

from __future__ import annotations

import pytest

from generator.render.phones import phone_links


@pytest.mark.parametrize(
    ("text", "dialled"),
    [
        ("0731-85123456", "073185123456"),
        ("电话0731-85123456。", "073185123456"),
        ("值班手机 138 2345 6789", "13823456789"),
        ("(0755)27881234", "075527881234"),
        ("客服 400-888-1234", "4008881234"),
    ],
)
def test_a_phone_number_is_a_tel_link(text, dialled):
    assert f'href="tel:{dialled}"' in phone_links(text)


@pytest.mark.parametrize(
    "text", ["身份证430103199001011234", "账号6222021234567890123", "第2026111512345号"]
)
def test_longer_numbers_are_not_phone_numbers(text):
    assert "tel:" not in phone_links(text)


def test_the_rest_of_the_text_stays_escaped():
    assert phone_links("<b>0731-85123456</b>").startswith("&lt;b&gt;<a ")


def test_numbers_in_a_body_are_tel_links_on_the_website_only(tmp_path):
    from conftest import announcement_page

    body = "需要送水的请拨打 0731-85123456 登记。\n\n`0731-85123456` 是代码，不是链接。"
    page = announcement_page(tmp_path, "water", "送水登记", body)
    article = page.split('class="board-body"', 1)[1]
    assert article.count('href="tel:073185123456"') == 1  # not the one in code

    from generator.render.markdown import converter

    assert "tel:" not in converter().convert(body)  # paper keeps the number as text
