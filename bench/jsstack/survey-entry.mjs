// The comparison form page: SurveyJS (survey-core + survey-js-ui, the framework-free UI) with a
// handful of the project's fields, the smallest real page that stack can ship.
import { Model } from 'survey-core';
import { renderSurvey } from 'survey-js-ui';

const model = new Model({
  title: '项目申报',
  elements: [
    { type: 'text', name: 'name', title: '项目名称', isRequired: true, maxLength: 100 },
    { type: 'text', name: 'owner_unit', title: '项目单位', isRequired: true },
    { type: 'text', name: 'credit_code', title: '统一社会信用代码', isRequired: true,
      validators: [{ type: 'regex', regex: '^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$' }] },
    { type: 'text', name: 'total_investment', title: '总投资（万元）', inputType: 'number', min: 0 },
    { type: 'dropdown', name: 'implementation', title: '实施方式', choices: [{ value: 'self_build', text: '自行建设' }, { value: 'buy_service', text: '采购服务' }] },
    { type: 'comment', name: 'needs_analysis', title: '需求分析' },
    { type: 'matrixdynamic', name: 'items', title: '资金估算', columns: [{ name: 'name', title: '名称' }, { name: 'amount', title: '金额', cellType: 'text', inputType: 'number' }] },
  ],
});
renderSurvey(model, document.getElementById('app'));
