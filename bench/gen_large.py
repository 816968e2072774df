#!/usr/bin/env python3
"""Deterministic generator of the large benchmark project (tests/fixtures/large/combined.json).

Starts from the clean 巴中 combined fixture and scales it up to what a big real application
looks like: 80 budget lines, 30 service items, every text section filled with long Chinese
text, 10 attachments. Totals are kept identical to the fixture (lines are split, not added),
so the arithmetic consistency checks and the pack's thresholds see the same project and the
report stays clean. No randomness: the same script always writes the same bytes.

Usage: python3 bench/gen_large.py > tests/fixtures/large/combined.json
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
base = json.loads((ROOT / "tests/fixtures/bazhong/combined.json").read_text(encoding="utf-8"))
p, s = base["project"], base["service_plan"]

# Module names used to make the split lines read like a real bill of quantities.
MODULES = ["网上申请", "智能预审", "在线缴税", "在线缴费", "电子证照", "一窗受理", "电子签章", "档案查询",
           "抵押登记", "预告登记", "查封登记", "异议登记", "更正登记", "统计分析", "移动端", "短信通知",
           "身份认证", "数据交换", "日志审计", "运行监控"]


def split(total, n):
    """n amounts (whole 元, multiples of 100) summing exactly to total."""
    step = (total // n) // 100 * 100
    parts = [step] * (n - 1)
    parts.append(total - sum(parts))
    return parts


# 80 budget lines: each of the fixture's 4 lines split into 20 module lines (3 years × price).
items = []
for line in p["cost_estimate"]["items"]:
    years = line["quantity"]
    for module, amount in zip(MODULES, split(line["amount"], 20)):
        price = amount // years
        # Keep quantity × unit_price = amount exactly: put any remainder on quantity 1.
        if price * years == amount:
            items.append({"name": f"{line['name']}（{module}模块）", "category": line["category"], "unit": "年",
                          "quantity": years, "unit_price": price, "amount": amount})
        else:
            items.append({"name": f"{line['name']}（{module}模块）", "category": line["category"], "unit": "项",
                          "quantity": 1, "unit_price": amount, "amount": amount})
p["cost_estimate"]["items"] = items
assert len(items) == 80 and sum(i["amount"] for i in items) == p["basic"]["total_investment"]

# 30 service items summing to the same annual fee.
svc = []
counts = [12, 6, 6, 6]
for it, n in zip(s["items"], counts):
    for k, fee in enumerate(split(it["annual_fee"], n)):
        module = MODULES[k % len(MODULES)]
        svc.append({"name": f"{it['name']}（{module}）",
                    "description": f"{it['description']}本子项负责{module}相关功能的持续提供、问题处理和季度服务报告，服务水平按服务需求方案第四部分考核。",
                    "unit": "年", "quantity": 1, "annual_fee": fee})
s["items"] = svc
assert len(svc) == 30 and sum(i["annual_fee"] for i in svc) == s["annual_fee"]

# Every text section filled, and long: repeat each with a numbered elaboration.
EXTRA = ("在实施过程中，项目单位将严格执行政府采购、合同管理和资金支付的有关规定，建立周报、月报和问题台账制度，"
         "对进度、质量、安全和资金使用情况进行全过程跟踪，重大事项及时报市数据局和市财政局。")
for section in p["requirement_plan"]:
    p["requirement_plan"][section] = p["requirement_plan"][section] + EXTRA * 3
p["basic"]["performance_goals"] += EXTRA
p["deployment"]["no_share_basis"] = ""  # filled only when data is not shared; this project shares
p["operations"]["contractor_qualification"] += EXTRA
p["security"]["crypto_plan"] += EXTRA
p["security"]["secure_reliable_statement"] += EXTRA
for key in ["reasons", "security_requirements", "ownership_note", "performance_goals", "acceptance_method"]:
    s[key] += EXTRA * 2
s["standards"]["other"] += EXTRA

# 10 attachments.
p["attachments"] += [
    {"kind": "proposal", "name": "巴中市不动产登记“一网通办”智能服务平台项目建议书"},
    {"kind": "implementation_plan", "name": "巴中市不动产登记“一网通办”智能服务平台项目实施方案"},
    {"kind": "industry_opinion", "name": "四川省自然资源厅不动产登记局业务指导意见"},
]
assert len(p["attachments"]) == 10

print(json.dumps(base, ensure_ascii=False, indent=2))
