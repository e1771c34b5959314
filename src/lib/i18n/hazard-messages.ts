/**
 * Refusals of hazard status changes (`PATCH /api/hazards/:id` and recorded visits), spread into
 * both languages by messages.ts (the parity test covers them there). Statuses and levels are named
 * by the labels the map and the inspector's page show (`cmd.hazard.*`, `inspect.level.*`).
 */
export const hazardZh = {
  'hazard.refused.step': '状态为“{from}”的隐患不能改为“{to}”（可改为：{allowed}）。',
  'hazard.refused.stepNone': '状态为“{from}”的隐患不能再改为“{to}”：已验收的隐患已经办结。',
  'hazard.refused.majorNeedsRectified': '重大隐患须先登记“已整改”，再验收（当前为“{from}”）。',
  'hazard.refused.beforeFound': '日期 {day} 早于隐患发现日期 {foundOn}。',
  'hazard.refused.beforeRectified': '验收日期 {day} 早于整改完成日期 {rectifiedOn}。',
  'hazard.refused.afterToday': '日期 {day} 晚于今天（北京时间 {today}）。',
  'hazard.notFound': '您的辖区内没有编号为 {id} 的隐患。',
  'hazard.forbidden': '您无权修改隐患 {id}。',
  'hazard.invalid.id': '隐患编号“{raw}”无效：须为正整数。',
  'hazard.invalid.body': '请求内容须为 JSON 对象：status 必填，on 和 note 可选。',
  'hazard.invalid.status': '“status”须为 rectifying（整改中）、rectified（已整改）或 verified（已验收）。',
  'hazard.invalid.on': '“on”须为 2000-01-01 至今天之间实际存在的日期（YYYY-MM-DD），如 2026-11-25；“{raw}”不符合。',
  'hazard.invalid.note': '“note”须为不超过 500 字的文本。',
  'hazard.invalid.noteIdentifier': '“note”似乎含有{kind}（{masked}），请删除：本系统只记录地点和事项，不记录个人。',
  'hazard.invalid.unknownField': '不支持的字段“{field}”。',
  'visit.refused.hazard': '隐患 {id}：{reason}',
  'visit.refused.siteNotFound': '您的辖区内没有编号为 {id} 的{kind}。',
  'visit.refused.kind.enterprise': '企业',
  'visit.refused.kind.hazard_site': '独立隐患点',
  'visit.refused.keyReused': '标识 {key} 已用于另一次巡查：新的巡查请使用新的标识。',
  'visit.refused.hazardNotAtSite': '隐患 {id} 不在此处。',
  'visit.refused.database': '数据库拒绝了这次巡查记录：{reason}',
  'visit.retry.busy': '此处的网格正在调整，巡查记录暂未保存，稍后会自动重新提交。'
} as const;

export const hazardEn: Record<keyof typeof hazardZh, string> = {
  'hazard.refused.step': 'A hazard that is “{from}” cannot become “{to}” (it may become: {allowed}).',
  'hazard.refused.stepNone': 'A hazard that is “{from}” cannot become “{to}”: a verified hazard is closed.',
  'hazard.refused.majorNeedsRectified':
    'A major hazard must be recorded as “Rectified” before it is verified (it is “{from}”).',
  'hazard.refused.beforeFound': 'The date {day} is before the hazard was found ({foundOn}).',
  'hazard.refused.beforeRectified': 'The verification date {day} is before the rectification ({rectifiedOn}).',
  'hazard.refused.afterToday': 'The date {day} is after today ({today}, China Standard Time).',
  'hazard.notFound': 'No hazard {id} in your area.',
  'hazard.forbidden': 'You may not change hazard {id}.',
  'hazard.invalid.id': 'Invalid hazard id “{raw}”: must be a positive integer.',
  'hazard.invalid.body': 'The body must be a JSON object with “status”, and optionally “on” and “note”.',
  'hazard.invalid.status': '“status” must be rectifying, rectified or verified.',
  'hazard.invalid.on':
    '“on” must be a real date from 2000-01-01 to today (YYYY-MM-DD), such as 2026-11-25; “{raw}” is not.',
  'hazard.invalid.note': '“note” must be text of at most 500 characters.',
  'hazard.invalid.noteIdentifier':
    '“note” looks like it contains {kind} ({masked}); remove it — the system records places and cases, not people.',
  'hazard.invalid.unknownField': 'Unknown field “{field}”.',
  'visit.refused.hazard': 'Hazard {id}: {reason}',
  'visit.refused.siteNotFound': 'No {kind} {id} in your area.',
  'visit.refused.kind.enterprise': 'enterprise',
  'visit.refused.kind.hazard_site': 'free hazard site',
  'visit.refused.keyReused': 'The key {key} was already used for another visit: send a new key for a new visit.',
  'visit.refused.hazardNotAtSite': 'Hazard {id} is not at this site.',
  'visit.refused.database': 'The visit was refused: {reason}',
  'visit.retry.busy': 'The grids here are being redrawn; the visit was not saved yet and will be sent again shortly.'
};
