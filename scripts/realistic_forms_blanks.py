"""Forms of ``samples/realistic/`` with cells left empty where the published forms leave them.

A copied page keeps an empty cell as a bare ``|`` line (one cell a line ending `` |``), a plain export drops
it: the cells after it must not move into its column. Truth written here by hand, as in
``scripts/realistic_forms.py``; names and figures are invented.
"""

from __future__ import annotations

from realistic_forms import Built, sichuan

# 四川 2023, published before the scoring (a county page of 工资性支出 forms): the total's 得分 empty beside
# its long 原因 note, indicators with 指标值 and 权重 but 完成值 and 得分 empty; one row filled in.
SICHUAN_UNSCORED: Built = sichuan(
    "51010023R000000031842-在职人员社会保障缴费",
    "某县水利局本级",
    "某县水利局",
    ("316.40", "342.75", "340.08", "99.22%"),
    [
        ("产出指标", "数量指标", "缴费人数覆盖率", "=", "100", "%", "", "50", "", "", "=100%", "=", 100),
        ("产出指标", "时效指标", "按月缴纳及时率", "≥", "95", "%", "100", "10", "", "", "≥95%", ">=", 95),
        ("效益指标", "社会效益指标", "参保职工满意度", "≥", "90", "%", "", "30", "", "", "≥90%", ">=", 90),
    ],
    scored=False,
)
