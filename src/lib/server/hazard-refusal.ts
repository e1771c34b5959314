/**
 * The HTTP side of a refused hazard status change (src/lib/domain/decide-hazard-status.ts): the
 * status code and the message in the caller's language, the same for `PATCH /api/hazards/:id`
 * and for recorded visits. A refused step is 409 (the hazard is not in a state that allows it),
 * a refused day 422 (the request cannot be true).
 */
import { labelKey, type HazardStatus } from '../core/vocabulary';
import type { HazardStatusRefusal } from '../domain/decide-hazard-status';
import { translator, type Locale } from '../i18n/messages';

/** A refusal's status code and its message in any locale. */
export interface LocalizedRefusal {
  status: 409 | 422;
  text: (locale: Locale) => string;
}

/** The status code and message of a refused hazard status change. */
export function hazardRefusal(refusal: HazardStatusRefusal): LocalizedRefusal {
  const label = (t: ReturnType<typeof translator>, status: HazardStatus) => t(labelKey('hazardStatus', status));
  switch (refusal.reason) {
    case 'step-not-allowed':
      return {
        status: 409,
        text: (locale) => {
          const t = translator(locale);
          const names = { from: label(t, refusal.from), to: label(t, refusal.to) };
          return refusal.allowed.length
            ? t('hazard.refused.step', {
                ...names,
                allowed: refusal.allowed.map((s) => `“${label(t, s)}”`).join(locale === 'en' ? ', ' : '、')
              })
            : t('hazard.refused.stepNone', names);
        }
      };
    case 'major-needs-rectified':
      return {
        status: 409,
        text: (locale) =>
          translator(locale)('hazard.refused.majorNeedsRectified', { from: label(translator(locale), refusal.from) })
      };
    case 'before-found':
      return { status: 422, text: (locale) => translator(locale)('hazard.refused.beforeFound', refusal) };
    case 'before-rectified':
      return { status: 422, text: (locale) => translator(locale)('hazard.refused.beforeRectified', refusal) };
    case 'after-today':
      return { status: 422, text: (locale) => translator(locale)('hazard.refused.afterToday', refusal) };
  }
}
