import { defineElement } from '../../shared/define.ts';
import { VidRuleForm } from './vid-rule-form.ts';

defineElement('vid-rule-form', VidRuleForm);

declare global {
  interface HTMLElementTagNameMap {
    'vid-rule-form': VidRuleForm;
  }
}
