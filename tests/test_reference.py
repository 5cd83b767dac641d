"""Shipped reference tables and the country-evidence helpers (graphintel.reference)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from graphintel import reference as ref
from graphintel.errors import InputError


def _rate(currency: str) -> float:
    return float(ref.currency_rates().set_index("currency").loc[currency, "usd_per_unit"])


def _one(destination: str, currency: str | None, date: str | None = None, **kwargs) -> tuple[float, float]:
    dates = None if date is None else pd.Series([date])
    row = ref.thresholds(pd.Series([destination]), pd.Series([currency], dtype=object), dates, **kwargs).iloc[0]
    return float(row["duty"]), float(row["vat"])


# --------------------------------------------------------------------------- shipped tables


def test_shipped_tables_are_package_data():
    files = resources.files("graphintel.reference")
    for name in ("de_minimis.csv", "currency_rates.csv", "domains.csv", "carriers.csv", "trade_defence.csv"):
        assert files.joinpath(name).is_file(), name
    assert '"reference/*.csv"' in (Path(__file__).parents[1] / "pyproject.toml").read_text()


def test_de_minimis_covers_required_destinations_and_every_currency_has_a_rate():
    table = ref.de_minimis_table()
    required = set("SA AE BH KW OM QA EG MA JO TR EU GB US KR JP CN IN AU CA NZ SG HK MX BR NO CH IL".split())
    assert required <= set(table["destination"])
    assert ref.EU_MEMBERS <= set(table["destination"])
    assert len(ref.EU_MEMBERS) == 27
    assert set(table["currency"]) <= set(ref.currency_rates()["currency"])
    assert table["source"].str.len().gt(0).all() and table["as_of"].str.len().gt(0).all()


def test_currency_table_covers_required_currencies():
    required = set(
        "USD EUR GBP SAR AED BHD KWD OMR QAR EGP MAD JOD TRY KRW JPY CNY INR AUD CAD HKD SGD MYR VND THB IDR PHP "
        "NZD CHF NOK SEK DKK PLN CZK HUF RON BGN ZAR BRL MXN ILS RUB PKR BDT NGN KES".split()
    )
    rates = ref.currency_rates()
    assert required <= set(rates["currency"])
    assert (rates["usd_per_unit"] > 0).all()
    assert _rate("SAR") == pytest.approx(1 / 3.75, rel=1e-4)  # pegged


def test_carrier_aliases_do_not_collide():
    seen: dict[str, str] = {}
    for row in ref.carriers_table().itertuples():
        for alias in [*row.aliases.split(";"), row.name]:
            key = "".join(ch for ch in alias.lstrip("=").upper() if ch.isalnum())
            assert seen.setdefault(key, row.name) == row.name, f"{alias!r}: {seen[key]} and {row.name}"
    assert (ref.carriers_table()["kind"] == "postal").sum() >= 60


# --------------------------------------------------------------------------- thresholds


def test_saudi_threshold_in_riyal_and_in_dollars():
    assert _one("SA", "SAR", "2026-06-01") == (1000.0, 0.0)
    duty, vat = _one("SA", "USD", "2026-06-01")
    assert duty == pytest.approx(266.67, abs=0.01)
    assert vat == 0.0


def test_korean_parcel_in_won_gets_the_usd_150_rule_in_won():
    duty, vat = _one("KR", "KRW", "2026-06-01")
    assert duty == pytest.approx(150 * _rate("USD") / _rate("KRW"))
    assert duty == vat
    assert 150_000 < duty < 300_000  # a six-figure won amount, as the typology describes


def test_eu_member_without_own_row_uses_the_eu_row():
    table = ref.de_minimis_table()
    without_nl = table[table["destination"] != "NL"]
    assert _one("NL", "EUR", "2022-01-01", table=without_nl) == (150.0, 0.0)
    assert _one("NL", "EUR", "2019-01-01", table=without_nl) == (150.0, 22.0)  # EUR 22 VAT exemption before 2021-07
    assert _one("NL", "EUR", "2022-01-01") == _one("EU", "EUR", "2022-01-01")


def test_non_euro_member_threshold_is_in_its_own_currency():
    duty, _ = _one("PL", "PLN", "2025-01-01")
    assert duty == pytest.approx(150 * _rate("EUR") / _rate("PLN"), rel=0.01)
    assert _one("PL", "EUR", "2025-01-01")[0] == pytest.approx(150, rel=0.01)


def test_united_states_before_and_after_the_suspension():
    assert _one("US", "USD", "2025-08-28") == pytest.approx((800.0, np.nan), nan_ok=True)
    assert _one("US", "USD", "2025-08-29") == pytest.approx((0.0, np.nan), nan_ok=True)
    assert _one("US", "USD", "2015-06-01")[0] == 200.0


def test_declaration_dates_keep_their_local_day():
    aware = pd.Series(pd.to_datetime(["2025-08-28 23:30", "2025-08-29 00:30"]).tz_localize("Asia/Riyadh"))
    text = pd.Series(["2025-08-29T00:30:00+03:00", "2025-08-28T23:30:00-05:00"])
    for dates, expected in ((aware, [800.0, 0.0]), (text, [0.0, 800.0])):
        out = ref.thresholds(pd.Series(["US", "US"]), pd.Series(["USD", "USD"]), dates)
        assert out["duty"].tolist() == expected


def test_override_replaces_every_threshold():
    out = ref.thresholds(pd.Series(["SA", "ZZ"]), pd.Series(["SAR", "USD"]), override=99.0)
    assert out["duty"].tolist() == [99.0, 99.0]
    assert out["vat"].isna().all()


@pytest.mark.parametrize("destination", ["", "ZZ", "XX", "UNK", None, "Atlantis"])
def test_unknown_destination_falls_back(destination):
    duty, vat = _one(destination, "EUR", "2026-06-01", fallback=123.0)
    assert duty == 123.0 and np.isnan(vat)


@pytest.mark.parametrize("currency", ["XYZ", "", None])
def test_unknown_currency_keeps_the_table_currency(currency):
    assert _one("SA", currency, "2026-06-01") == (1000.0, 0.0)


def test_rule_currency_without_rate_gives_nan_not_an_unconverted_number():
    table = pd.DataFrame(
        {
            "destination": ["SA"],
            "currency": ["ABC"],
            "duty_threshold": [10.0],
            "vat_threshold": [np.nan],
            "valid_from": [pd.NaT],
        }
    )
    assert np.isnan(_one("SA", "USD", table=table)[0])
    assert _one("SA", "XYZ", table=table)[0] == 10.0


def test_thresholds_are_vectorised_over_many_rows():
    rng = np.random.default_rng(7)
    n = 200_000
    destinations = np.array(["SA", "KR", "NL", "PL", "US", "GB", "ZZ", "", "JP", "BR"], dtype=object)
    currencies = np.array(["SAR", "KRW", "EUR", "PLN", "USD", "GBP", "USD", "", "JPY", None], dtype=object)
    pick = rng.integers(0, len(destinations), n)
    days = pd.Series(pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 900, n), unit="D"))
    out = ref.thresholds(pd.Series(destinations[pick]), pd.Series(currencies[pick]), days)
    assert out.shape == (n, 2)
    assert out.index.equals(pd.RangeIndex(n))
    sa = destinations[pick] == "SA"
    assert (out["duty"][sa] == 1000.0).all()
    us = destinations[pick] == "US"
    assert set(out["duty"][us]) == {800.0, 0.0}


def test_to_usd():
    usd = ref.to_usd(pd.Series([1000.0, 10.0, 10.0]), pd.Series(["SAR", "", "QQQ"]))
    assert usd.iloc[0] == pytest.approx(266.667, abs=0.01)
    assert usd.iloc[1:].isna().all()


# --------------------------------------------------------------------------- user tables


def test_bad_user_table_names_file_and_line(tmp_path):
    path = tmp_path / "my_de_minimis.csv"
    path.write_text(
        "destination,currency,duty_threshold,vat_threshold,valid_from\n"
        "SA,SAR,1000,0,\n"
        "AE,AED,1000,0,2023-03-01\n"
        "KW,KWD,about 100,,\n"
    )
    with pytest.raises(InputError) as caught:
        ref.de_minimis_table(path)
    message = str(caught.value)
    assert str(path) in message and "line 4" in message and "duty_threshold" in message


def test_bad_user_table_from_environment(tmp_path, monkeypatch):
    path = tmp_path / "rates.csv"
    path.write_text("currency,usd_per_unit\nEUR,1.1\nGBP,-2\n")
    monkeypatch.setenv(ref.ENV_CURRENCY_RATES, str(path))
    with pytest.raises(InputError, match=r"rates\.csv: line 3: usd_per_unit"):
        ref.currency_rates()


def test_missing_column_and_missing_file_are_input_errors(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("destination,currency\nSA,SAR\n")
    with pytest.raises(InputError, match="line 1: missing column"):
        ref.de_minimis_table(path)
    with pytest.raises(InputError, match="not found"):
        ref.trade_defence_table(tmp_path / "absent.csv")


def test_user_table_replaces_the_shipped_one_and_is_reported(tmp_path, monkeypatch):
    path = tmp_path / "dm.csv"
    path.write_text(
        "destination,currency,duty_threshold,vat_threshold,valid_from,as_of,source\nSA,SAR,500,,,2030-01-01,test\n"
    )
    monkeypatch.setenv(ref.ENV_DE_MINIMIS, str(path))
    assert _one("SA", "SAR")[0] == 500.0
    dates = ref.table_dates()
    assert dates["de_minimis"] == "2030-01-01" and dates["de_minimis_path"] == str(path)
    monkeypatch.delenv(ref.ENV_DE_MINIMIS)
    assert _one("SA", "SAR")[0] == 1000.0
    assert ref.table_dates()["de_minimis_path"].endswith("de_minimis.csv")


# --------------------------------------------------------------------------- country evidence


def test_na_is_namibia_not_unknown():
    assert "NA" not in ref.UNKNOWN_COUNTRY_CODES
    assert {"", "ZZ", "XX", "UNK", "N/A", "-", "00"} <= ref.UNKNOWN_COUNTRY_CODES


def test_country_of_phone():
    assert ref.country_of_phone("+8613800138000") == "CN"
    assert ref.country_of_phone("+86 138-0013-8000") == "CN"
    assert ref.country_of_phone("013800138000") == ""  # national format says nothing
    assert ref.country_of_phone("13800138000") == ""
    assert ref.country_of_phone("") == "" and ref.country_of_phone(None) == ""
    assert ref.country_of_phone("+7 495 123 45 67") == "RU"
    assert ref.country_of_phone("+800 1234 5678") == ""  # non-geographic


def test_country_of_email():
    assert ref.country_of_email("seller@qq.com") == "CN"
    assert ref.country_of_email("x@shop.com.my") == "MY"
    assert ref.country_of_email("gmail.com") == ""
    assert ref.country_of_email("someone@gmail.com") == ""
    assert ref.country_of_email("a@naver.com") == "KR"
    assert ref.country_of_email("a@vip.163.com") == "CN"
    assert ref.country_of_email("a@mail.co.kr") == "KR"
    assert ref.country_of_email("a@hotmail.co.uk") == "GB"
    assert ref.country_of_email("a@store.com") == ""
    assert ref.country_of_email("a@brand.io") == ""
    assert ref.country_of_email("not an address") == ""


def test_country_of_carrier():
    for name in ("China Post", "CHINAPOST", "cn-post", "China Post Registered Air Mail", "CN_POST"):
        assert ref.country_of_carrier(name) == "CN", name
    assert ref.country_of_carrier("DHL Express") == ""
    assert ref.country_of_carrier("DHL") == ""
    assert ref.country_of_carrier("FedEx") == ""
    assert ref.country_of_carrier("POST_MY") == "MY"
    assert ref.country_of_carrier("Korea Post") == "KR"
    assert ref.country_of_carrier("Correos de Mexico") == "MX"
    assert ref.country_of_carrier("Correos de Bolivia") == ""  # 'de' is not Germany, 'Correos' only as a whole name
    assert ref.country_of_carrier("Foo Logistics SA") == ""  # a company form, not Saudi Arabia
    assert ref.country_of_carrier("CN-US-LINE") == ""  # two countries: ambiguous
    assert ref.country_of_carrier("") == "" and ref.country_of_carrier(None) == ""


def _check_digit(serial: str) -> int:
    total = sum(int(d) * w for d, w in zip(serial, (8, 6, 4, 2, 3, 5, 9, 7), strict=True))
    check = 11 - total % 11
    return 0 if check == 10 else 5 if check == 11 else check


def test_country_of_postal_item():
    serial = "12345678"
    good = f"LX{serial}{_check_digit(serial)}CN"
    wrong = f"LX{serial}{(_check_digit(serial) + 1) % 10}CN"
    assert ref.country_of_postal_item(good) == "CN"
    assert ref.country_of_postal_item(" " + good.lower()[:5] + " " + good.lower()[5:]) == "CN"
    assert ref.country_of_postal_item(wrong) == ""
    assert ref.country_of_postal_item(f"RR{serial}{_check_digit(serial)}ZZ") == ""  # not a country
    assert ref.country_of_postal_item("1Z999AA10123456784") == ""
    for serial in ("00000000", "99999999", "47110815", "10000001"):
        assert ref.s10_check_digit(serial) == _check_digit(serial)


# --------------------------------------------------------------------------- trade defence


def test_trade_defence_on_chinese_e_bikes_to_the_netherlands():
    hit = ref.under_trade_defence(
        pd.Series(["NL", "NL", "NL", "US", "DE"]),
        pd.Series(["CN", "VN", "CN", "CN", "CN"]),
        pd.Series(["8711.60.10", "871160", "871160", "871160", "87116090"]),
        pd.Series(["2026-06-01", "2026-06-01", "2018-06-01", "2026-06-01", "2026-06-01"]),
    )
    assert hit.tolist() == [True, False, False, False, True]


def test_trade_defence_groups_and_dates():
    table = ref.trade_defence_table()
    assert len(table) >= 40
    hit = ref.under_trade_defence(
        pd.Series(["SA", "SA"]),
        pd.Series(["CN", "CN"]),
        pd.Series(["690721", "690721"]),
        pd.Series(["2024-01-01", "2019-01-01"]),
    )
    assert hit.tolist() == [True, False]  # GCC anti-dumping on tiles since 2020-06-06


def test_carrier_ids_written_as_codes_name_their_country():
    from graphintel.reference import country_of_carrier

    # Abbreviated codes read as the words they stand for; a global network still says nothing.
    assert [country_of_carrier(c) for c in ("SF-EXP", "YUN-EXP", "CJ-LOG", "DHL-EXP")] == ["CN", "CN", "KR", ""]
    # A country code joined to POST names the country even where it is also a word; "De Post" is Belgian Dutch.
    assert [country_of_carrier(c) for c in ("POST_IN", "sa-post", "POST_DE", "De Post", "POST_XX")] == [
        "IN",
        "SA",
        "DE",
        "",
        "",
    ]
