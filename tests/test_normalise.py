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


def test_national_numbers_read_without_the_full_parse_agree_with_phonenumbers_in_every_region():
    """The trunk-"0" shortcut gives what phonenumbers' parse gives, for every region's example numbers
    written nationally, with a digit dropped or added, and after an international prefix ("010" is one
    in Japan); where it cannot tell it leaves the number to the parse."""
    import phonenumbers

    from graphintel.ingest.normalise import _trunk_national

    def parsed(raw: str, region: str) -> str:
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            return ""
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) \
            if phonenumbers.is_possible_number(number) else ""

    read = 0
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            national = phonenumbers.national_significant_number(example)
            for digits in ("0" + national, "0" + national[:-1], "0" + national + "1", "010" + national):
                fast = _trunk_national(digits, region)
                read += bool(fast)
                assert fast in ("", parsed(digits, region)), (region, digits)
    assert read > 200  # taken for 265 of the 1,956 forms
    assert normalise_phone("055 635 1887", "SA") == "+966556351887"
    assert normalise_phone("090-1234-5678", "JP") == "+819012345678"
