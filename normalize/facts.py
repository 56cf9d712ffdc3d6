"""Money figures stated in report prose (``人员经费1951429.74元``) → ``facts`` rows.

What counts: a number (Arabic, or Chinese with a place word: ``六十三万元``; a minus sign before it is
kept) with a money unit written right after it — ``元``, ``万元``, ``亿元``, ``千元`` …, with ``余``/``多``
allowed around the place word (``63万余元``, ``100多万元``). Never the tail of a longer figure
(``1 234 567.89元``, ``12,3456.78元``), of a range (``1至2万元``) or of a fraction (``3/4万元``).
A qualifier written right before (``约``, ``近``, ``超过`` …) or ``左右`` right after is part of ``raw``,
so ``parse_amount`` marks the figure approximate. Years, head counts, item counts and percents
(``2023年``, ``5人``, ``429个``, ``50%``) have no money unit and never match.

The *subject* is the noun phrase before the figure, read by rules an auditor can replay:

1. take the clause before the figure: from the last ``，：；（）`` (or the sentence start);
2. drop a leading connective (``其中``, ``包括``, ``另`` …) and a leading date (``2023年``, ``2023年度``,
   ``截至2023年12月31日``);
3. drop a leading agency name when a whole-period word follows it (``区委巡察办全年支出`` → ``全年支出``:
   the agency is the report's own, the quantity is ``全年支出``);
4. drop trailing link words (``为``, ``达到``, ``共计`` …): ``全年支出为`` → ``全年支出``.

So ``2023年度巡察专项经费全年支出为799833.22元`` has subject ``巡察专项经费全年支出`` (no agency name to
drop), and ``收缴和清退违纪资金63万余元`` has ``收缴和清退违纪资金``. An empty result is None.
"""

from __future__ import annotations

import regex
from jixiao.extract.layout import Location
from jixiao.extract.records import RawReport
from jixiao.normalize.amounts import parse_amount
from jixiao.normalize.records import FactRow

_MONEY = regex.compile(
    r"""
    (?P<qualifier> 大约|约合|约为|约|将近|接近|不足|不到|近|超过|多达|逾|超 )?   # read by parse_amount
    (?: (?<![0-9０-９]) [-−－] )?                        # a minus sign (结余-1.5万元), not a range's dash
    (?<![0-9０-９][,，.．\s/~～\-−－—至到])  # no tail of 1 234 567.89, 12,3456.78, 1.234,56, 1,2万元,
                                             # of a range (1至2万元) or a fraction (3/4万元)
    (?P<number>
        (?<![0-9０-９.．])                               # the whole number, not a tail of one
        [0-9０-９]+ (?:[,，][0-9０-９]{3})* (?:[.．][0-9０-９]+)?   # 1951429.74, 1,951,429.74
      | (?P<chinese> [零〇一二两三四五六七八九十百千万亿点]+ )   # 六十三万 (checked by _is_money)
    )
    (?P<unit> [余多]? (?:千万|百万|十万|万|亿|千)? [余多]? 元 )   # 元, 万元, 63万余元, 100多万元
    (?P<about> 左右|上下 )?
    """,
    regex.VERBOSE,
)
_SENTENCE = regex.compile(
    r"""
    [^。；;！？!?\n]+      # a sentence runs to 。 ；or a line break
    """,
    regex.VERBOSE,
)
_CLAUSE_START = regex.compile(
    r"""
    .*[，,：:；;（()）]   # everything up to the last clause mark (not quotes: “三公”经费)
    """,
    regex.VERBOSE | regex.DOTALL,
)
_LEADING_CONNECTIVE = regex.compile(
    r"""
    ^(?:其中|包括|包含|另外|另|以及|及|和|并且|并|含)
    """,
    regex.VERBOSE,
)
_LEADING_DATE = regex.compile(
    r"""
    ^(?:截至|截止到|截止)?
    [0-9０-９]{4}年度?                      # 2023年, 2023年度
    (?:[0-9０-９]{1,2}月份?)?(?:[0-9０-９]{1,2}日)?  # 12月31日
    (?:末|底|初|上半年|下半年)?
    """,
    regex.VERBOSE,
)
_LEADING_AGENCY = regex.compile(
    r"""
    ^.{1,20}?(?:办公室|办|局|委员会|中心|政府|单位|部门|机关|学校|医院|公司|大队|队|站|所)   # 区委巡察办
    (?=全年|本年|当年|年度|年初|累计|共|总|实际)   # …only when a whole-period word follows
    """,
    regex.VERBOSE,
)
_TRAILING_LINK = regex.compile(
    r"""
    (?:共计|合计|总计|累计|达到|达|为|是|计|共|仅|已|了)+$   # 全年支出为 → 全年支出
    """,
    regex.VERBOSE,
)


def subject_before(clause: str) -> str | None:
    """The subject of a figure from the text before it in its sentence (rules in the module notes).

    >>> [subject_before(t) for t in ("2023年区委巡察办全年支出为", "其中：人员经费")]
    ['全年支出', '人员经费']
    >>> subject_before("2023年度巡察专项经费全年支出为")
    '巡察专项经费全年支出'
    """
    text = _CLAUSE_START.sub("", clause).strip()
    text = _LEADING_CONNECTIVE.sub("", text).strip()
    text = _LEADING_DATE.sub("", text).strip()
    text = _LEADING_AGENCY.sub("", text).strip()
    text = _TRAILING_LINK.sub("", text).strip()
    return text or None


_CN_DIGIT = regex.compile(r"[一二两三四五六七八九]")
_CN_PLACE = regex.compile(r"[十百千万亿]")


def _is_money(m: regex.Match[str]) -> bool:
    """A Chinese figure needs a digit and a place word: 六十三万元, 十万元 yes; 万元 (a label), 一元化 no."""
    chinese = m.group("chinese")
    if chinese is None:
        return True
    has_digit = bool(_CN_DIGIT.search(chinese)) or chinese.startswith("十")  # 十万元 = 一十万元
    return has_digit and bool(_CN_PLACE.search(chinese + m.group("unit")))


def iter_money(sentence: str) -> list[tuple[str, str | None]]:
    """(figure as written, subject) for each money figure in one sentence, in order.

    >>> iter_money("巡察了1个镇，党纪政务处分10人，收缴违纪资金63万余元，覆盖率达到50%")
    [('63万余元', '收缴违纪资金')]
    """
    out: list[tuple[str, str | None]] = []
    for m in _MONEY.finditer(sentence):
        if not _is_money(m):
            continue
        out.append((m.group().strip(), subject_before(sentence[: m.start()])))
    return out


def extract_facts(report: RawReport, *, doc_id: str, first_seq: int = 1) -> list[FactRow]:
    """Every money figure in a report's headings and paragraphs, in reading order, as ``FactRow``."""
    texts: list[tuple[str, Location]] = []
    for section in report.sections:
        if section.heading:
            texts.append((section.heading, section.location.sub(0)))
        texts.extend((p.text, p.location) for p in section.paragraphs)
    rows: list[FactRow] = []
    for text, location in texts:
        for sentence_match in _SENTENCE.finditer(text):
            sentence = sentence_match.group().strip()
            for raw, subject in iter_money(sentence):
                amount = parse_amount(raw)
                rows.append(
                    FactRow(
                        doc_id=doc_id,
                        attachment=report.attachment,
                        seq=first_seq + len(rows),
                        subject=subject,
                        raw=raw,
                        amount_yuan=amount.yuan,
                        unit_written=amount.unit_written,
                        status=amount.status,
                        sentence=sentence,
                        location=location,
                    )
                )
    return rows
