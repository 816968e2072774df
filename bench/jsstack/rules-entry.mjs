// The comparison rule stack: ajv (JSON Schema, for the format checks) + json-logic-js (for the
// pack's rules), bundled and minified like an app would ship them. Exposes window.JsStack.
import Ajv from 'ajv/dist/2020.js'; // `shenbao schema` is draft 2020-12
import jsonLogic from 'json-logic-js';

// Non-blank character count: json-logic has no string length, so a custom operation, as a
// json-logic user would register (our `min_chars` / `chars`).
jsonLogic.add_operation('chars', s => (typeof s === 'string' ? [...s].filter(c => !/\s/.test(c)).length : 0));

window.JsStack = {
  // Compiles once (like an app at start-up); returns one full evaluation per call.
  prepare(bundle) {
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    const validate = ajv.compile(bundle.schema);
    const rules = bundle.rules;
    return doc => {
      validate(doc);
      const findings = (validate.errors || []).map(e => ({ rule: 'format', path: e.instancePath, message: e.message }));
      for (const r of rules) {
        const out = jsonLogic.apply(r.logic, doc);
        if (r.for_each) { for (let i = 0; i < out.length; i++) findings.push({ rule: r.id, row: i }); }
        else if (out) findings.push({ rule: r.id });
      }
      return findings;
    };
  },
};
