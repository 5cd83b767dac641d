"""Normalisation: variants of one name, address, phone or e-mail meet on one value."""

import pytest

from graphintel.ingest.normalise import (
    normalise_address,
    normalise_email,
    normalise_name,
    normalise_phone,
    stable_key,
)
from graphintel.ingest.validate import country_code


@pytest.mark.parametrize(
    "variant",
    ["12 Baker Street, London", "12 BAKER ST., LONDON", "12  baker   street london", " 12 Baker St London "],
)
def test_address_variants_meet(variant):
    assert normalise_address(variant) == "12 baker st london"


def test_name_case_punctuation_spacing_accents():
    assert normalise_name("Shenzhen  BEST-Trade Co., Limited") == normalise_name("shenzhen best trade co ltd")
    assert normalise_name("Zoë  Müller") == "zoe muller"


@pytest.mark.parametrize("raw", ["+44 7700 900123", "07700-900123", "(07700) 900 123", "0044 7700 900123"])
def test_phone_formats_meet_in_e164(raw):
    assert normalise_phone(raw, "GB") == "+447700900123"


def test_phone_that_cannot_be_parsed_keeps_its_digits():
    assert normalise_phone("ext. 12-34", "") == "1234"


def test_email_case_and_junk():
    assert normalise_email("  John.Doe@Example.COM") == "john.doe@example.com"
    assert normalise_email("not an email") == ""


def test_stable_key_is_stable_and_separates_parts():
    assert stable_key("a", "b") == stable_key("a", "b")
    assert stable_key("ab", "") != stable_key("a", "b")


@pytest.mark.parametrize(
    "raw,code",
    [
        ("GB", "GB"), ("gbr", "GB"), ("United Kingdom", "GB"), ("UK", "GB"), ("cn", "CN"),
        ("XX", ""), ("Atlantis", None), ("", ""),
    ],  # fmt: skip
)
def test_country_codes(raw, code):
    assert country_code(raw) == code
