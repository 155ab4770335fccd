"""Expressions give what ODK Collect gives.

Expected values are those of the ODK documentation ("Form Operators and
Functions", docs.getodk.org/form-operators-functions) and of JavaRosa's own
tests (XPathEvalTest, GeoUtilsTest, Base64DecodeTest), the engine Collect runs.
"""

import math
import re
from datetime import date, datetime

import pytest

from forms.expressions import parse

VALUES = {
    "empty": "", "missing": None, "b": 0, "a": 5, "col": ["a", "b", "c"], "numbers": [1, "", 3],
    "colors": "red green purple", "yes_col": ["yes", "no", "yes"], "weights": [2, 5, 3],
    "points": ["38.253094215699576 21.756382658677467", "38.25021274773806 21.756382658677467",
               "38.25007793942195 21.763892843919166", "38.25290886154963 21.763935759263404",
               "38.25146813817506 21.758421137528785"],
    "shape": "0 0 0 0;0 1 0 0;1 1 0 0;1 0 0 0;0 0 0 0",
    "point": {"lat": 29.5, "lon": 106.5, "crs": "WGS-84"},
}


def run(source, current=None, **extra):
    return parse(source).evaluate({**VALUES, **extra}.get, current=current, today=date(2026, 11, 22))


def test_coalesce_treats_nan_as_empty():
    assert run("coalesce(1 * ${empty}, 0)") == 0
    assert run("coalesce(${a} * ${missing}, 0)") == 0
    assert run("coalesce(${a} * 2, 0)") == 10
    assert run("coalesce(${empty}, ${missing})") is None


@pytest.mark.parametrize("source, expected", [
    ("substr('hello',0)", "hello"), ("substr('hello',0,5)", "hello"), ("substr('hello',1)", "ello"),
    ("substr('hello',1,5)", "ello"), ("substr('hello',1,4)", "ell"),
    ("substr('hello',-2)", "lo"), ("substr('hello',0,-1)", "hell"),
    ("substr('hello',3,1)", ""), ("substr('hello',-99,2)", "he"),
])
def test_substr_counts_negative_indices_from_the_end(source, expected):
    assert run(source) == expected


def test_concat_of_a_repeat_column_joins_without_spaces():
    assert run("concat(${col})") == "abc"
    assert run("concat('<', ${col}, '>')") == "<abc>"
    assert run("concat('ab','cde','','fgh',1,false(),'ijklmnop')") == "abcdefgh1falseijklmnop"


@pytest.mark.parametrize("source, expected", [
    ("format-date('2018-01-02T10:20:30.123', \"%Y-%m-%e %H:%M:%S\")", "2018-01-2 10:20:30"),
    ("format-date-time('2018-01-02T10:20:30.123', '%H:%M:%S.%3')", "10:20:30.123"),
    ("format-date-time('2018-01-02T10:20:30.004', '%3')", "004"),
    ("format-date-time('2018-01-02', '%h %3')", "0 000"),
])
def test_format_date_has_milliseconds(source, expected):
    assert run(source) == expected


def test_division_by_zero_is_infinity():
    assert run("${a} div ${b}") == math.inf
    assert run("${a} div ${b} > 2") is True
    assert run("1 and (1 div 0)") is True
    assert run("string(-1 div 0)") == "-Infinity"
    assert run("boolean(1 div 0)") is True
    assert math.isnan(run("0 div 0"))


@pytest.mark.parametrize("source, expected", [
    ("regex('12345', '[0-9]+')", True), ("regex('a12345', '[0-9]+')", False),
    ("regex('12345b', '[0-9]+')", False), ("regex('ab', 'a')", False),
    ("regex('13800138000', '1[3-9][0-9]{9}')", True),
])
def test_regex_is_a_full_match(source, expected):
    assert run(source) is expected


@pytest.mark.parametrize("source, expected", [
    ("6.1 - 7.8 = -1.7", True), ("0.1 + 0.2 = 0.3", True), ("0.1 + 0.2 != 0.3", False),
    ("17 = '17.0000000'", True), ("'0017.' = 17", True), ("1 = 1.000001", False),
])
def test_decimals_are_equal_within_1e_12(source, expected):
    assert run(source) is expected


def test_string_length_and_normalize_space_without_argument_read_the_current_value():
    assert run("string-length()", current="13800138000") == 11
    assert run("string-length() = 11", current="13800138000") is True
    assert run("string-length()") == 0
    assert run("normalize-space()", current="  some    value ") == "some value"


@pytest.mark.parametrize("source, expected", [
    ("normalize-space('')", ""), ("normalize-space(' \t\n ')", ""), ("normalize-space(' a    b ')", "a b"),
    ("normalize-space(' \ta\n\t  b \n\t c   \n')", "a b c"),
    ("normalize-space(' a　 b ')", "a　 b"),  # Java's \s: the full-width space stays
    ("substring-before('hello','l')", "he"), ("substring-before('hello','q')", ""),
    ("substring-before('hello','')", ""), ("substring-after('hello','l')", "lo"),
    ("substring-after('hello','q')", ""), ("substring-after('hello','')", "hello"),
    ("translate('hello','l','L')", "heLLo"), ("translate('hello','l','')", "heo"),
    ("translate('hello','lo','LO')", "heLLO"), ("translate('hello world','hello','')", " wrd"),
    ("translate('hello wor,ld',' ,',', ')", "hello,wor ld"), ("translate('2019/01/02','/','-')", "2019-01-02"),
    ("join(', ', ${col})", "a, b, c"), ("join('-', 'x', 'y', 3)", "x-y-3"), ("join(' ')", ""),
])
def test_string_functions(source, expected):
    assert run(source) == expected


@pytest.mark.parametrize("source, expected", [
    ("selected-at('apple baby crimson', 2)", "crimson"), ("selected-at('apple baby', 2)", ""),
    ("selected-at(${colors}, 0)", "red"), ("selected-at(${colors}, -1)", ""),
    ("selected-at(${col}, 1)", "b"),
    ("boolean-from-string('true')", True), ("boolean-from-string('false')", False),
    ("boolean-from-string('whatever')", False), ("boolean-from-string('1')", True),
    ("boolean-from-string('0')", False), ("boolean-from-string(1.0)", True),
    ("boolean-from-string(1.0001)", False), ("boolean-from-string(true())", True),
])
def test_select_and_boolean_functions(source, expected):
    assert run(source) == expected


@pytest.mark.parametrize("source, expected", [
    ("checklist(1, 3, 'yes', 'no')", True), ("checklist(2, -1, 'yes', 'no')", False),
    ("checklist(-1, 1, 'yes', 'yes')", False), ("checklist(2, 2, ${yes_col})", True),
    ("checklist(1, -1, 3 > 2)", True), ("checklist(1, -1, 'foo', 'bar')", False),
    ("weighted-checklist(5, 5, 'yes', 2, 'no', 5, 'yes', 3)", True),
    ("weighted-checklist(6, -1, ${yes_col}, ${weights})", False),
    ("weighted-checklist(-1, 5, ${yes_col}, ${weights})", True),
    ("weighted-checklist(0, 99, ${yes_col}, ${col})", False),  # weights not numbers: NaN sum
    ("weighted-checklist(4, 4, ${yes_col}, ${numbers})", True),
])
def test_checklists_count_yes_responses_and_minus_one_is_no_bound(source, expected):
    assert run(source) is expected


def test_count_non_empty():
    assert run("count-non-empty(${numbers})") == 2
    assert run("count-non-empty(${col})") == 3
    assert run("count-non-empty(${empty})") == 0


def test_once_keeps_the_current_value():
    assert run("once(${a} * 2)") == 10
    assert run("once(${a} * 2)", current="") == 10
    assert run("once(${a} * 2)", current=7) == 7


def test_uuid_is_version_4_or_random_base_36_of_the_given_length():
    first, second = run("uuid()"), run("uuid()")
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", first)
    assert first != second
    assert re.fullmatch(r"[0-9A-Z]{12}", run("uuid(12)"))
    assert run("uuid(0)") == ""
    assert len(run("uuid(100000)")) == 1000


def test_random_is_between_zero_and_one():
    assert 0 <= run("random()") < 1


@pytest.mark.parametrize("algorithm, encoding, expected", [
    ("MD5", "base64", "VS4hzUzZkYZ448Gg30kbww=="),
    ("SHA-1", "base64", "N6pjx3OY2VRHMmLhoAV8HmMu2nc="),
    ("SHA-256", "base64", "uU9vElx546X/qoJvWEwQ1SraZp5nYgUbgmtVd20FrtI="),
    ("SHA-384", "base64", "zJTsPphzwLmnJIZEKVj2cQZ833e5QnQW0DFEDMYgQeLuE0RJhEfsDO2fcENGG9Hz"),
    ("SHA-512", "base64",
     "4nMrrtyj6sFAeChjfeHbynAsP8ns4Wz1Nt241hOc2F3+dGS4I1spgm9gjM9KxkPimxnGN4WKPYcQpZER30LdtQ=="),
    ("MD5", "hex", "552e21cd4cd9918678e3c1a0df491bc3"),
])
def test_digest(algorithm, encoding, expected):
    assert run(f"digest('some text', '{algorithm}', '{encoding}')") == expected


def test_digest_defaults_to_base64_and_gives_empty_for_an_unknown_algorithm_at_run_time():
    assert run("digest('some text', 'MD5')") == "VS4hzUzZkYZ448Gg30kbww=="
    assert run("digest('some text', ${alg})", alg="SHA-3") == ""


@pytest.mark.parametrize("encoded, expected", [
    ("SGVsbG8=", "Hello"), ("RGFzc2Vs", "Dassel"), ("w6nDqMOx", "éèñ"), ("8J+lsA==", "🥰"),
    ("AGEAYgBj", "\x00a\x00b\x00c"), ("a", ""), ("城市", ""),
])
def test_base64_decode(encoded, expected):
    assert run(f"base64-decode('{encoded}')") == expected


@pytest.mark.parametrize("source, expected", [
    ("abs(-3.5)", 3.5), ("sqrt(9)", 3.0), ("exp(1)", math.e), ("exp10(2)", 100.0),
    (f"log({math.exp(2)})", 2.0), ("log10(100)", 2.0), ("pi()", math.pi),
    ("cos(0)", 1.0), (f"cos({math.pi / 2})", 0.0), ("acos(0)", math.pi / 2), ("acos(1)", 0.0),
    ("sin(0)", 0.0), (f"sin({math.pi / 2})", 1.0), ("asin(0)", 0.0), ("asin(1)", math.pi / 2),
    ("tan(0)", 0.0), ("atan(0)", 0.0), ("atan2(0, 0)", 0.0), ("atan2(1, 1)", math.pi / 4),
    ("pow(4, 0.5)", 2.0), ("pow(16, 0.25)", 2.0), ("log(0)", -math.inf), ("pow(0, -1)", math.inf),
    ("exp(1000)", math.inf),
])
def test_math_functions(source, expected):
    assert run(source) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("source", ["sqrt(-1)", "log(-1)", "asin(2)", "sin(1 div 0)", "sqrt(${empty})"])
def test_math_out_of_domain_is_nan(source):
    assert math.isnan(run(source))


@pytest.mark.parametrize("source, expected", [
    ("date('2000-01-01')", date(2000, 1, 1)), ("date('1996-02-29')", date(1996, 2, 29)),
    ("date(0)", date(1970, 1, 1)), ("date(6.5)", date(1970, 1, 7)), ("date(1)", date(1970, 1, 2)),
    ("date(-1)", date(1969, 12, 31)), ("date(14127)", date(2008, 9, 5)),
    ("date(-10252)", date(1941, 12, 7)), ("date(date('1989-11-09'))", date(1989, 11, 9)),
    ("date('1983-09-31')", ""), ("date('not a date')", ""), ("date(true())", ""), ("date('')", ""),
    ("number(date('2008-09-05'))", 14127), ("date('2008-09-08') - date('1983-10-06')", 9104),
    ("date-time('2000-01-01T10:20:30.000')", datetime(2000, 1, 1, 10, 20, 30)),
    ("date-time(0.5)", datetime(1970, 1, 1, 12)),
])
def test_date_converts_days_since_1970(source, expected):
    assert run(source) == expected


def test_decimal_date_time_and_decimal_time():
    assert run("decimal-date-time('2000-01-01T10:20:30.000')") == pytest.approx(10957.430902777778, abs=1e-12)
    assert run("decimal-time('2000-01-01T10:20:30.000+03:00')") == pytest.approx(0.30590277777810115, abs=1e-9)
    assert run("decimal-time('12:00:00')") == 0.5
    assert run("decimal-date-time(date(14127))") == 14127
    assert run("date(decimal-date-time('2008-09-05T18:00:00'))") == date(2008, 9, 5)
    assert run("decimal-date-time('')") == ""
    assert math.isnan(run("decimal-date-time('-01-2019')"))
    assert math.isnan(run("decimal-date-time('0001-01-01T00:00:00+01:00')"))  # before year 1 in UTC


ONE_DEGREE_AT_EQUATOR_M = 2 * math.pi * 6_378_100 / 360


def test_distance_uses_javarosas_earth_radius():
    assert run("distance('0 0 0 0; 0 1 0 0')") == pytest.approx(ONE_DEGREE_AT_EQUATOR_M, abs=1e-6)
    assert run("distance('0 0', '0 90')") == pytest.approx(ONE_DEGREE_AT_EQUATOR_M * 90, abs=1e-6)
    assert run("distance('90 0', '90 1')") == pytest.approx(0, abs=1e-6)
    assert run("distance(${point}, ${point})") == 0


def test_area_and_distance_match_javarosas_known_path():
    # GeoUtilsTest.areaAndDistanceAreCorrectForPath1 (checked against mapdevelopers.com).
    assert run("area(${points})") == pytest.approx(151_452, abs=0.5)
    assert run("distance(${points})") == pytest.approx(1_801, abs=0.5)
    shape = ";".join(f"{p} 0 0" for p in VALUES["points"])
    assert run(f"area('{shape}')") == pytest.approx(151_452, abs=0.5)
    assert run(f"enclosed-area('{shape}')") == run(f"area('{shape}')")


def test_geo_functions_on_bad_or_short_input():
    assert math.isnan(run("distance('not a point')"))
    assert math.isnan(run("area(${empty})"))
    assert math.isnan(run("distance('95 0', '0 0')"))
    assert run("area('0 0; 1 1')") == 0
    assert run("distance('0 0')") == 0


@pytest.mark.parametrize("point, inside", [
    ("0.5 0.5 0 0", True), ("-1 0.5 0 0", False), ("2 0.5 0 0", False), ("0.5 2 0 0", False),
    ("0.5 -1 0 0", False), ("-1 0 0 0", False), ("-1 1 0 0", False), ("0 -1 0 0", False), ("", False),
])
def test_geofence(point, inside):
    assert run(f"geofence('{point}', ${{shape}})") is inside


def test_choice_name_returns_the_label_from_the_form():
    labels = {("color_prefs", "red"): "红色", ("color_prefs", "green"): "绿色"}.get

    def choice_label(key, code):
        return labels((key, code)) or ""

    expression = parse("jr:choice-name(selected-at(${color_prefs}, 1), '${color_prefs}')")
    assert expression.evaluate({"color_prefs": "red green"}.get, choice_label=choice_label) == "绿色"
    assert parse("jr:choice-name('blue', '${color_prefs}')").evaluate(
        {}.get, choice_label=choice_label) == ""
    assert parse("jr:choice-name('red', '${color_prefs}')").evaluate({}.get) == "red"
