/**
 * The one message catalogue of the UI: Chinese (zh-CN) by default, English second. Components get
 * text only through `translator(locale)`; no string literals shown to users live elsewhere.
 */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

const zh = {
  'app.title': '平安一张图',
  'app.subtitle': '安全生产 · 信访维稳 · 网格治理',
  'app.demoBadge': '演示数据（程序生成，非真实数据）',
  'app.demoDetail': '区界为天桥区真实边界；街道以下边界、企业、隐患、事件与信访事项均由固定种子生成。',
  'app.language': 'English',
  'map.loading': '地图加载中…',
  'map.failed': '地图数据加载失败：',
  'map.legend': '图例',
  'map.grids': '网格',
  'map.enterprises': '重点企业',
  'map.count.grids': '{n} 个网格',
  'map.count.enterprises': '{n} 家重点企业',
  'risk.red': '红色（重大风险）',
  'risk.orange': '橙色（较大风险）',
  'risk.yellow': '黄色（一般风险）',
  'risk.blue': '蓝色（低风险）',
  'industry.hazardous_chemicals': '危化品',
  'industry.mining': '矿山',
  'industry.construction': '建筑施工',
  'industry.crowded_venue': '人员密集场所',
  'industry.fire_key': '消防重点',
  'industry.road_transport': '道路运输',
  'industry.food_drug': '食品药品',
  'industry.other': '其他',
  'tooltip.grid': '网格：{name}\n户数：{households}',
  'tooltip.enterprise': '{name}\n行业：{industry}\n风险等级：{risk}',
  'signin.title': '登录',
  'signin.username': '用户名',
  'signin.password': '密码',
  'signin.submit': '登录',
  'signin.wrong': '用户名或密码不正确，或账号已停用。',
  'signin.missing': '请填写用户名和密码。',
  'signin.demoHint': '演示模式：演示账号和密码在启动日志和 README 中列出。',
  'user.signout': '退出',
  'user.role.commander': '指挥长',
  'user.role.planner': '网格规划员',
  'user.role.inspector': '安全检查员',
  'user.role.mediator': '调解员',
  'user.role.admin': '管理员',
  'audit.title': '审计日志',
  'audit.at': '时间（UTC）',
  'audit.user': '用户',
  'audit.role': '角色',
  'audit.action': '操作',
  'audit.object': '对象',
  'audit.area': '区域',
  'audit.outcome': '结果',
  'audit.filter': '筛选',
  'audit.all': '全部',
  'audit.outcome.allowed': '允许',
  'audit.outcome.denied': '拒绝',
  'audit.outcome.error': '错误',
  'audit.empty': '没有记录。',
  'nav.map': '返回地图',
  'nav.audit': '审计日志'
} as const;

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  'app.title': 'Ping’an One Map',
  'app.subtitle': 'Work safety · Petitions · Grid governance',
  'app.demoBadge': 'Demo data (generated, not real)',
  'app.demoDetail': 'The district outline is the real Tianqiao boundary; everything below it — boundaries, enterprises, hazards, incidents and petition cases — is generated from a fixed seed.',
  'app.language': '中文',
  'map.loading': 'Loading map…',
  'map.failed': 'Map data failed to load: ',
  'map.legend': 'Legend',
  'map.grids': 'Grids',
  'map.enterprises': 'Key enterprises',
  'map.count.grids': '{n} grids',
  'map.count.enterprises': '{n} key enterprises',
  'risk.red': 'Red (major risk)',
  'risk.orange': 'Orange (high risk)',
  'risk.yellow': 'Yellow (general risk)',
  'risk.blue': 'Blue (low risk)',
  'industry.hazardous_chemicals': 'Hazardous chemicals',
  'industry.mining': 'Mining',
  'industry.construction': 'Construction',
  'industry.crowded_venue': 'Crowded venue',
  'industry.fire_key': 'Fire-safety key unit',
  'industry.road_transport': 'Road transport',
  'industry.food_drug': 'Food and drugs',
  'industry.other': 'Other',
  'tooltip.grid': 'Grid: {name}\nHouseholds: {households}',
  'tooltip.enterprise': '{name}\nIndustry: {industry}\nRisk class: {risk}',
  'signin.title': 'Sign in',
  'signin.username': 'Username',
  'signin.password': 'Password',
  'signin.submit': 'Sign in',
  'signin.wrong': 'Wrong username or password, or the account is disabled.',
  'signin.missing': 'Enter a username and a password.',
  'signin.demoHint': 'Demo mode: the demo accounts and passwords are listed in the start-up log and the README.',
  'user.signout': 'Sign out',
  'user.role.commander': 'Commander',
  'user.role.planner': 'Planner',
  'user.role.inspector': 'Inspector',
  'user.role.mediator': 'Mediator',
  'user.role.admin': 'Administrator',
  'audit.title': 'Audit log',
  'audit.at': 'Time (UTC)',
  'audit.user': 'User',
  'audit.role': 'Role',
  'audit.action': 'Action',
  'audit.object': 'Object',
  'audit.area': 'Area',
  'audit.outcome': 'Outcome',
  'audit.filter': 'Filter',
  'audit.all': 'All',
  'audit.outcome.allowed': 'allowed',
  'audit.outcome.denied': 'denied',
  'audit.outcome.error': 'error',
  'audit.empty': 'No entries.',
  'nav.map': 'Back to the map',
  'nav.audit': 'Audit log'
};

const catalogue: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zh, en };

/** Pick a supported locale from a requested one (`?lang=`), falling back to zh-CN. */
export function resolveLocale(requested: string | null | undefined): Locale {
  return (LOCALES as readonly string[]).includes(requested ?? '') ? (requested as Locale) : DEFAULT_LOCALE;
}

/**
 * A translate function for a locale: `t('map.count.grids', { n: 600 })`.
 * Placeholders `{name}` are replaced by the values given.
 */
export function translator(locale: Locale) {
  const messages = catalogue[locale];
  return (key: MessageKey, values: Record<string, string | number> = {}): string =>
    messages[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** Every message key (the zh-CN catalogue defines them; English must have each one). */
export const MESSAGE_KEYS = Object.keys(zh) as MessageKey[];

/** The raw templates of a locale, for checks of the catalogue. */
export function templates(locale: Locale): Readonly<Record<MessageKey, string>> {
  return catalogue[locale];
}
