/**
 * The one list of each enumerated value the app stores, validates and shows: the order here is the
 * order of every filter, legend and binary column index (the hazard payload sends an index into
 * {@link HAZARD_STATUSES}). The database keeps its own check constraints on the same columns
 * (db/migrations/0001_core_schema.sql); tests/db/vocabulary.test.ts checks that they list exactly
 * these values. A value's label is the catalogue message `<vocabulary>.<value>` ({@link labelKey}).
 */

/** Four-colour risk class of a key enterprise (安全风险分级管控), most severe first. */
export const RISK_CLASSES = ['red', 'orange', 'yellow', 'blue'] as const;
/** A risk class. */
export type RiskClass = (typeof RISK_CLASSES)[number];

/** Industry of a key enterprise. */
export const INDUSTRIES = [
  'hazardous_chemicals',
  'mining',
  'construction',
  'crowded_venue',
  'fire_key',
  'road_transport',
  'food_drug',
  'other'
] as const;
/** An industry. */
export type Industry = (typeof INDUSTRIES)[number];

/** Level of a hazard (事故隐患): general or major (重大事故隐患). */
export const HAZARD_LEVELS = ['general', 'major'] as const;
/** A hazard level. */
export type HazardLevel = (typeof HAZARD_LEVELS)[number];

/** Status of a hazard, in the order it moves: open → rectifying → rectified → verified. */
export const HAZARD_STATUSES = ['open', 'rectifying', 'rectified', 'verified'] as const;
/** A hazard status. */
export type HazardStatus = (typeof HAZARD_STATUSES)[number];

/** The statuses of a hazard not yet rectified ("open hazards" in every count; the partial index hazard_open's). */
export const OPEN_HAZARD_STATUSES = ['open', 'rectifying'] as const satisfies readonly HazardStatus[];

/** How a hazard came to be known. */
export const HAZARD_SOURCES = ['inspection', 'self_report', 'public_report'] as const;
/** A hazard source. */
export type HazardSource = (typeof HAZARD_SOURCES)[number];

/** Subject of a petition case (信访事项). */
export const PETITION_CATEGORIES = [
  'land_demolition',
  'labour_wage',
  'law_litigation',
  'environment',
  'property_mgmt',
  'heating',
  'other'
] as const;
/** A petition category. */
export type PetitionCategory = (typeof PETITION_CATEGORIES)[number];

/** How a petition case reached the office (信访渠道); `screening` is a dispute found by 矛盾排查. */
export const PETITION_CHANNELS = ['letter', 'visit', 'online', 'hotline_12345', 'screening'] as const;
/** A petition channel. */
export type PetitionChannel = (typeof PETITION_CHANNELS)[number];

/**
 * Status of a petition case, in the order it moves: what the analytics read of its lifecycle stage
 * (src/lib/domain/decide-case-action.ts caseStatus). `not_accepted`: transferred to the competent
 * body, routed to a legal procedure (信访工作条例 Art. 31) or declined — not handled here.
 */
export const PETITION_STATUSES = [
  'received',
  'accepted',
  'mediating',
  'resolved',
  'closed_unresolved',
  'not_accepted'
] as const;
/** A petition status. */
export type PetitionStatus = (typeof PETITION_STATUSES)[number];

/** The statuses of a petition case still open (not yet closed; the partial index petition_case_open's). */
export const OPEN_PETITION_STATUSES = [
  'received',
  'accepted',
  'mediating'
] as const satisfies readonly PetitionStatus[];

/** Highest level of government a petition case reached, lowest first. */
export const PETITION_LEVELS = [
  'grid',
  'community',
  'subdistrict',
  'district',
  'city',
  'province',
  'national'
] as const;
/** A level reached. */
export type PetitionLevel = (typeof PETITION_LEVELS)[number];

/** The levels above the district: a case that reached one went over the district's head (越级; pyramid.ts and petition-trends.ts write them in SQL). */
export const ESCALATED_PETITION_LEVELS = ['city', 'province', 'national'] as const satisfies readonly PetitionLevel[];

/** How a resolved petition case was resolved. */
export const RESOLUTION_METHODS = [
  'people_mediation',
  'admin_mediation',
  'judicial_mediation',
  'legal_aid',
  'relief'
] as const;
/** A resolution method. */
export type ResolutionMethod = (typeof RESOLUTION_METHODS)[number];

/** Level of an area in the hierarchy, from the district down. */
export const AREA_LEVELS = ['district', 'subdistrict', 'community', 'grid'] as const;
/** An area level. */
export type AreaLevel = (typeof AREA_LEVELS)[number];

/** Kind of a sensitive period (敏感节点), a window that raises alert weights. */
export const SENSITIVE_PERIOD_KINDS = [
  'national_congress',
  'spring_festival',
  'national_day',
  'major_meeting',
  'other'
] as const;
/** A sensitive period kind. */
export type SensitivePeriodKind = (typeof SENSITIVE_PERIOD_KINDS)[number];

/**
 * Every vocabulary by the prefix of its labels' message keys: the label of `value` in `name` is the
 * catalogue message `${name}.${value}` (`risk.red`, `petitionCategory.labour_wage`).
 */
export const VOCABULARIES = {
  risk: RISK_CLASSES,
  industry: INDUSTRIES,
  hazardLevel: HAZARD_LEVELS,
  hazardStatus: HAZARD_STATUSES,
  hazardSource: HAZARD_SOURCES,
  petitionCategory: PETITION_CATEGORIES,
  petitionChannel: PETITION_CHANNELS,
  petitionStatus: PETITION_STATUSES,
  petitionLevel: PETITION_LEVELS,
  resolutionMethod: RESOLUTION_METHODS,
  areaLevel: AREA_LEVELS,
  sensitivePeriod: SENSITIVE_PERIOD_KINDS
} as const;

/** The name of a vocabulary (the prefix of its labels' message keys). */
export type VocabularyName = keyof typeof VOCABULARIES;

/** A value of the vocabulary `N`. */
export type VocabularyValue<N extends VocabularyName> = (typeof VOCABULARIES)[N][number];

/** The message key of every vocabulary value's label. */
export type VocabularyLabelKey = { [N in VocabularyName]: `${N}.${VocabularyValue<N>}` }[VocabularyName];

/**
 * The message key of a value's label in the catalogue.
 * @example
 * t(labelKey('hazardStatus', 'rectifying')) // '整改中'
 */
export function labelKey<N extends VocabularyName>(name: N, value: VocabularyValue<N>): `${N}.${VocabularyValue<N>}` {
  return `${name}.${value}`;
}

/**
 * Whether `value` is one of the vocabulary's values (a type guard for data read from outside).
 * @example
 * isVocabularyValue('risk', 'red') // true
 */
export function isVocabularyValue<N extends VocabularyName>(name: N, value: unknown): value is VocabularyValue<N> {
  return (VOCABULARIES[name] as readonly unknown[]).includes(value);
}
