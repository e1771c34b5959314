/**
 * Screens free text for personal data that must never be stored: mainland resident ID numbers
 * (GB 11643: 6-digit region, a plausible birth date, 3 digits, a check digit or X), mobile numbers,
 * landline numbers with an area code, e-mail addresses, and households (a person's name tied to a
 * home: 户主/住户/联系人 + name, "张三家", a room address with a name). The system records places
 * and cases, not people; a text that names a person is refused on write — in the browser as the
 * inspector types, at the API edge, and in the database (pii_suspect() in
 * db/migrations/0014_screen_normalised_text.sql, built from the same pattern sources below).
 *
 * Obfuscation is undone before matching: Unicode NFKC (full-width digits, ＠, ．, U+3000),
 * zero-width characters and soft hyphens are dropped, 。 reads as a dot, and separators between
 * digits (spaces, dots, hyphens and dashes, slashes, parentheses, middle dots) are removed, so
 * `138.1234.5678`, `１３８ １２３４ ５６７８` and `370102 19900101 1234` are found. Numbers are also
 * matched in the text with its separators kept, so a number followed by another one
 * (`13812345678 5`) is not hidden by the join.
 *
 * Pure and browser-safe. The regular expressions use only what JavaScript and PostgreSQL's ARE
 * both read the same way (look-around, bracket classes with \u escapes, no lazy quantifiers).
 *
 * @example
 * findPersonalIdentifiers('联系人电话13812345678') // [{ kind: 'mobile', masked: '138****5678' }]
 * findPersonalIdentifiers('１３８.１２３４.５６７８') // [{ kind: 'mobile', masked: '138****5678' }]
 * findPersonalIdentifiers('3号楼2单元501室张三') // [{ kind: 'household', masked: '张*' }]
 */
export interface PersonalIdentifier {
  kind: 'id_number' | 'mobile' | 'landline' | 'email' | 'household';
  /** The match with most of it hidden, safe to echo in an error message (never the whole identifier). */
  masked: string;
}

/** Zero-width and invisible characters dropped before matching (ZWSP, ZWNJ, ZWJ, word joiner, BOM, soft hyphen…). */
const INVISIBLE = '[\\u200b-\\u200d\\u2060-\\u2064\\ufeff\\u00ad\\u180e]';
/** Separators removed between two digits (after NFKC, so U+3000 is a space and ．－／（） are ASCII). */
const DIGIT_SEPARATOR = '(?<=[0-9])[ \\t\\r\\n./()\\u2010-\\u2015\\u2212\\u00b7\\u30fb\\u2027-]+(?=[0-9Xx])';

const HAN = '\\u4e00-\\u9fff';
/** Common single-character surnames, without those that mostly start ordinary words in notes (安, 成, 时, 和, 方, 全…). */
const SURNAME_CHARS =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵钱覃武戴莫孔汤温康牛樊葛邢乔伍庞颜倪庄聂章鲁岳翟殷詹欧耿兰焦俞柳甘祝阮柯纪梅童凌毕裴霍苗谷盛曲翁冉骆蓝辛靳柴蒙鲍喻祁蒲滕屈饶牟艾尤穆卓吉缪芦麦褚娄窦戚岑卜晏柏宗瞿桂佟臧闵苟邬卞姬仇栾隋刁荣巫寇桑郎甄丛仲虞敖巩佘池苑迟邝';
const SURNAME = `(?:欧阳|司马|上官|诸葛|东方|皇甫|令狐|慕容|尉迟|公孙|司徒|夏侯|[${SURNAME_CHARS}])`;
/**
 * Ordinary words that start with a surname character: "住户张贴的通知", "501室温度过高" are not names.
 */
const NOT_A_NAME = [
  '张贴',
  '张挂',
  '陈旧',
  '陈列',
  '陈设',
  '杨树',
  '黄色',
  '黄沙',
  '黄河',
  '周边',
  '周围',
  '周末',
  '周期',
  '周转',
  '周一',
  '周二',
  '周三',
  '周四',
  '周五',
  '周六',
  '周日',
  '徐徐',
  '马路',
  '马上',
  '马桶',
  '马达',
  '胡同',
  '何时',
  '何处',
  '高层',
  '高空',
  '高压',
  '高温',
  '高度',
  '高处',
  '高速',
  '高架',
  '高危',
  '高发',
  '林地',
  '林木',
  '罗列',
  '郑重',
  '梁柱',
  '梁板',
  '谢谢',
  '许可',
  '许多',
  '曾经',
  '曾多',
  '曾有',
  '曾因',
  '曾于',
  '曾向',
  '曾被',
  '田地',
  '田间',
  '董事',
  '余量',
  '余额',
  '余下',
  '余热',
  '杜绝',
  '叶片',
  '程度',
  '程序',
  '丁字',
  '任何',
  '任务',
  '任意',
  '钟表',
  '钟点',
  '陆续',
  '陆地',
  '范围',
  '金属',
  '金额',
  '金融',
  '石材',
  '石膏',
  '石块',
  '石棉',
  '石油',
  '石灰',
  '夏季',
  '夏天',
  '付款',
  '付费',
  '白天',
  '白色',
  '白蚁',
  '白灰',
  '江边',
  '江面',
  '段落',
  '雷电',
  '雷雨',
  '雷达',
  '龙头',
  '龙骨',
  '陶瓷',
  '黎明',
  '顾客',
  '顾问',
  '毛坯',
  '毛毡',
  '钱款',
  '钱财',
  '武装',
  '孔洞',
  '孔隙',
  '温度',
  '温差',
  '康复',
  '乔木',
  '庞大',
  '颜色',
  '庄稼',
  '章程',
  '焦化',
  '焦炭',
  '柳树',
  '纪律',
  '纪要',
  '梅雨',
  '凌晨',
  '毕业',
  '苗木',
  '谷物',
  '曲线',
  '蓝色',
  '辛苦',
  '柴油',
  '柴火',
  '尤其',
  '芦苇',
  '柏油',
  '丛林',
  '巩固',
  '池塘',
  '迟延',
  '迟到',
  '常住',
  '金牛',
  '盛世',
  '荣华',
  '康乐',
  '梁府'
];
/** 2–3 characters: a surname and one or two more, not an ordinary word, not anonymised (某). */
const NAME = `(?!${NOT_A_NAME.join('|')})${SURNAME}[\\u4e00-\\u67cf\\u67d1-\\u9fff]{1,2}`;
/** What may follow a name that stands after an address or a 户主-like word (so "501室安全出口" is not one). */
const AFTER_NAME = `(?=$|[^${HAN}]|[家户的等与和及住已未称说]|反映|表示|同意|拒绝|签字|确认|不在|在家|要求|电话|手机|联系|夫妇|一家|先生|女士|同志|本人|老人|大爷|大妈|阿姨)`;
/** A room-level address: 501室, 2单元501, 3-2-501 (a building alone is a place, not a household). */
const ROOM = '(?:[0-9]+ ?(?:室|号房)|[0-9]+ ?单元 ?[0-9]{2,4}号?|[0-9]+-[0-9]+-[0-9]{2,4})';
const BUILDING = '(?:[0-9]+ ?(?:号楼|栋|幢|座) ?)?(?:[0-9]+ ?单元 ?)?';

/**
 * The pattern sources, shared verbatim with db/migrations/0014_screen_normalised_text.sql
 * (a unit test checks that the migration holds each of them). `joined` patterns run on the text
 * with separators between digits removed, `plain` ones on the text with separators kept.
 */
export const PERSONAL_DATA_PATTERNS = {
  invisible: INVISIBLE,
  digitSeparator: DIGIT_SEPARATOR,
  /** GB 11643: region, birth date 19xx/20xx with days that exist in the month (29 February allowed), sequence, check digit. */
  idNumber:
    '(?<![0-9])[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:(?:0[13578]|1[02])(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)(?:0[1-9]|[12][0-9]|30)|02(?:0[1-9]|1[0-9]|2[0-9]))[0-9]{3}[0-9Xx](?![0-9])',
  /** 11 digits 1[3-9]…, optionally after 86, +86 or 0086. */
  mobile: '(?<![0-9])(?:(?:\\+|00)?86)?1[3-9][0-9]{9}(?![0-9])',
  /** Area code 0xx or 0xxx, then a local number of 7 or 8 digits starting 2–8. */
  landline: '(?<![0-9])0[1-9][0-9]{1,2}[2-8][0-9]{6,7}(?![0-9])',
  /** user@host.tld, also with [at] or (at), and a space on either side of the @. */
  email: '[A-Za-z0-9._%+-]+ ?(?:@|\\[at\\]|\\(at\\)) ?[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}',
  /** 户主：赵六, 住户王五反映, 联系人为李四. */
  householdRole: `(?:户主|住户|业主|房主|租户|承租人|联系人)(?:姓名)?[ :,，是为叫]{0,3}${NAME}${AFTER_NAME}`,
  /** 张三家, 李四户 (not 王家庄, 金桥家园, 单亲家庭, 户口, 户外). */
  householdName: `${NAME}(?:家(?![具庭属电政居园苑用装乡禽畜务族长])|户(?![籍口型外内]))`,
  /** 3号楼2单元501室张三, 3-2-501 业主王五. */
  addressThenName: `${ROOM}[ ,，:、]{0,2}(?:户主|住户|业主|房主|租户)?[ :]?${NAME}${AFTER_NAME}`,
  /** 张三，3号楼2单元501室; 王五住2单元301. */
  nameThenAddress: `${NAME}(?:家住|住在|住|[ ,，:、]){1,2}${BUILDING}${ROOM}`
} as const;

type Pattern = { kind: PersonalIdentifier['kind']; source: string; view: 'plain' | 'joined' | 'both' };

const PATTERNS: Pattern[] = [
  { kind: 'id_number', source: PERSONAL_DATA_PATTERNS.idNumber, view: 'both' },
  { kind: 'mobile', source: PERSONAL_DATA_PATTERNS.mobile, view: 'both' },
  { kind: 'landline', source: PERSONAL_DATA_PATTERNS.landline, view: 'both' },
  { kind: 'email', source: PERSONAL_DATA_PATTERNS.email, view: 'plain' },
  { kind: 'household', source: PERSONAL_DATA_PATTERNS.householdRole, view: 'plain' },
  { kind: 'household', source: PERSONAL_DATA_PATTERNS.householdName, view: 'plain' },
  { kind: 'household', source: PERSONAL_DATA_PATTERNS.addressThenName, view: 'plain' },
  { kind: 'household', source: PERSONAL_DATA_PATTERNS.nameThenAddress, view: 'plain' }
];
const COMPILED = PATTERNS.map((p) => ({ ...p, re: new RegExp(p.source, 'g') }));
const NAME_RE = new RegExp(NAME);

/**
 * The text as the screen reads it: `plain` without invisible characters, NFKC-normalised, 。 as a
 * dot; `joined` the same with separators between digits removed.
 */
export function normaliseForScreening(text: string): { plain: string; joined: string } {
  const plain = text.replace(new RegExp(INVISIBLE, 'g'), '').normalize('NFKC').replace(/。/g, '.');
  return { plain, joined: plain.replace(new RegExp(DIGIT_SEPARATOR, 'g'), '') };
}

function mask(kind: PersonalIdentifier['kind'], s: string): string {
  if (kind === 'household') {
    // Only the surname: "张*" says what was found without repeating who.
    const name = NAME_RE.exec(s)?.[0] ?? s;
    return `${name[0]}${'*'.repeat(name.length - 1)}`;
  }
  const compact = s.replace(/ /g, '');
  if (compact.length <= 6) return '*'.repeat(compact.length);
  return `${compact.slice(0, 3)}${'*'.repeat(compact.length - 7)}${compact.slice(-4)}`;
}

/**
 * Every personal identifier found in `text`, in order of kind then position; the same identifier
 * is reported once. An empty array means the text may be stored.
 */
export function findPersonalIdentifiers(text: string): PersonalIdentifier[] {
  const { plain, joined } = normaliseForScreening(text);
  const found: PersonalIdentifier[] = [];
  const seen: { kind: PersonalIdentifier['kind']; value: string }[] = [];
  for (const [view, subject] of [
    ['joined', joined],
    ['plain', plain]
  ] as const) {
    const taken: [number, number][] = [];
    for (const p of COMPILED) {
      if (p.view !== 'both' && p.view !== view) continue;
      for (const m of subject.matchAll(p.re)) {
        const start = m.index;
        const end = start + m[0].length;
        // A mobile number inside an ID number is one finding, not two.
        if (taken.some(([a, b]) => start < b && end > a)) continue;
        taken.push([start, end]);
        // The plain view finds again what the joined view found (or a part of it, "13812345678" of "+8613812345678").
        const value = m[0].replace(/ /g, '');
        if (seen.some((s) => s.kind === p.kind && s.value.includes(value))) continue;
        seen.push({ kind: p.kind, value });
        found.push({ kind: p.kind, masked: mask(p.kind, m[0]) });
      }
    }
  }
  const order = PATTERNS.map((p) => p.kind);
  return found.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
}
