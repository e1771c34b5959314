-- Casework (issue 17): the petition lifecycle of 信访工作条例 (2022) as data. Each case carries its
-- lifecycle stage, the version its next change must name (If-Match), its running deadline and its
-- assignee; every step is an append-only row of petition_case_event, written in the same
-- transaction as the change. The rules (which step is allowed, each time limit and the article it
-- comes from) live in src/lib/domain/decide-case-action.ts and case-deadlines.ts; the SQL here only
-- stores their results and fills them in for rows written by bulk loads.

-- The official working calendar: days off and make-up working days (调休上班) from the State
-- Council's notices (国办发明电), 2024–2026, and 2027's statutory days (provisional until its
-- notice). A day not listed is a working day Monday to Friday. The same rows as
-- tests/fixtures/holiday-calendar/cn-2024-2027.json (tests/db/casework.test.ts compares them).
create table holiday_calendar (
  day date primary key,
  off boolean not null,
  name text not null check (length(name) between 1 and 40),
  provisional boolean not null default false,
  source text not null check (length(source) between 1 and 300),
  -- a make-up working day is a weekend day
  check (off or extract(isodow from day) >= 6)
);
insert into holiday_calendar (day, off, name, provisional, source) values
  ('2024-01-01', true, '元旦', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-02-04', false, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-02-10', true, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-02-11', true, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-02-12', true, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-02-13', true, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-02-14', true, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-02-15', true, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-02-16', true, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-02-17', true, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-02-18', false, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-04-04', true, '清明节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-04-05', true, '清明节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-04-06', true, '清明节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-04-07', false, '清明节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-04-28', false, '劳动节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-05-01', true, '劳动节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-05-02', true, '劳动节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-05-03', true, '劳动节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-05-04', true, '劳动节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-05-05', true, '劳动节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-05-11', false, '劳动节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-06-08', true, '端午节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-06-09', true, '端午节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-06-10', true, '端午节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-09-14', false, '中秋节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-09-15', true, '中秋节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-09-16', true, '中秋节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-09-17', true, '中秋节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-09-29', false, '国庆节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-10-01', true, '国庆节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-10-02', true, '国庆节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-10-03', true, '国庆节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-10-04', true, '国庆节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-10-05', true, '国庆节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-10-06', true, '国庆节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-10-07', true, '国庆节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2024-10-12', false, '国庆节', false, 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm (国办发明电〔2023〕7号, 2023-10-25)'),
  ('2025-01-01', true, '元旦', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-01-26', false, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-01-28', true, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-01-29', true, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-01-30', true, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-01-31', true, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-02-01', true, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-02-02', true, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-02-03', true, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-02-04', true, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-02-08', false, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-04-04', true, '清明节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-04-05', true, '清明节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-04-06', true, '清明节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-04-27', false, '劳动节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-05-01', true, '劳动节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-05-02', true, '劳动节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-05-03', true, '劳动节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-05-04', true, '劳动节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-05-05', true, '劳动节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-05-31', true, '端午节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-06-01', true, '端午节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-06-02', true, '端午节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-09-28', false, '国庆节、中秋节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-10-01', true, '国庆节、中秋节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-10-02', true, '国庆节、中秋节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-10-03', true, '国庆节、中秋节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-10-04', true, '国庆节、中秋节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-10-05', true, '国庆节、中秋节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-10-06', true, '国庆节、中秋节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-10-07', true, '国庆节、中秋节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-10-08', true, '国庆节、中秋节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2025-10-11', false, '国庆节、中秋节', false, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm (国办发明电〔2024〕12号, 2024-11-12)'),
  ('2026-01-01', true, '元旦', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-01-02', true, '元旦', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-01-03', true, '元旦', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-01-04', false, '元旦', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-02-14', false, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-02-15', true, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-02-16', true, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-02-17', true, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-02-18', true, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-02-19', true, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-02-20', true, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-02-21', true, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-02-22', true, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-02-23', true, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-02-28', false, '春节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-04-04', true, '清明节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-04-05', true, '清明节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-04-06', true, '清明节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-05-01', true, '劳动节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-05-02', true, '劳动节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-05-03', true, '劳动节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-05-04', true, '劳动节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-05-05', true, '劳动节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-05-09', false, '劳动节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-06-19', true, '端午节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-06-20', true, '端午节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-06-21', true, '端午节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-09-20', false, '国庆节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-09-25', true, '中秋节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-09-26', true, '中秋节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-09-27', true, '中秋节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-10-01', true, '国庆节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-10-02', true, '国庆节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-10-03', true, '国庆节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-10-04', true, '国庆节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-10-05', true, '国庆节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-10-06', true, '国庆节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-10-07', true, '国庆节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2026-10-10', false, '国庆节', false, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm (国办发明电〔2025〕7号, 2025-11-04)'),
  ('2027-01-01', true, '元旦', true, '全国年节及纪念日放假办法 (2024 revision): statutory days only, until the State Council notice for 2027'),
  ('2027-02-05', true, '春节', true, '全国年节及纪念日放假办法 (2024 revision): statutory days only, until the State Council notice for 2027'),
  ('2027-02-06', true, '春节', true, '全国年节及纪念日放假办法 (2024 revision): statutory days only, until the State Council notice for 2027'),
  ('2027-02-07', true, '春节', true, '全国年节及纪念日放假办法 (2024 revision): statutory days only, until the State Council notice for 2027'),
  ('2027-02-08', true, '春节', true, '全国年节及纪念日放假办法 (2024 revision): statutory days only, until the State Council notice for 2027'),
  ('2027-04-05', true, '清明节', true, '全国年节及纪念日放假办法 (2024 revision): statutory days only, until the State Council notice for 2027'),
  ('2027-05-01', true, '劳动节', true, '全国年节及纪念日放假办法 (2024 revision): statutory days only, until the State Council notice for 2027'),
  ('2027-05-02', true, '劳动节', true, '全国年节及纪念日放假办法 (2024 revision): statutory days only, until the State Council notice for 2027'),
  ('2027-06-09', true, '端午节', true, '全国年节及纪念日放假办法 (2024 revision): statutory days only, until the State Council notice for 2027'),
  ('2027-09-15', true, '中秋节', true, '全国年节及纪念日放假办法 (2024 revision): statutory days only, until the State Council notice for 2027'),
  ('2027-10-01', true, '国庆节', true, '全国年节及纪念日放假办法 (2024 revision): statutory days only, until the State Council notice for 2027'),
  ('2027-10-02', true, '国庆节', true, '全国年节及纪念日放假办法 (2024 revision): statutory days only, until the State Council notice for 2027'),
  ('2027-10-03', true, '国庆节', true, '全国年节及纪念日放假办法 (2024 revision): statutory days only, until the State Council notice for 2027');

-- Whether a day is a working day (src/lib/domain/legal-period-end.ts isWorkingDay).
create function is_working_day(d date) returns boolean
language sql stable parallel safe as $$
  select coalesce((select not h.off from holiday_calendar h where h.day = d), extract(isodow from d) < 6)
$$;

-- The last day of a time limit of n days after the event on `start`, counted as Chinese law counts
-- periods (民法典 Art. 201–203; src/lib/domain/legal-period-end.ts legalPeriodEnd, compared in
-- tests/db/casework.test.ts): calendar days ending on a rest day move to the next working day;
-- working days count only working days.
create function legal_period_end(start date, n integer, unit text) returns date
language plpgsql stable parallel safe as $$
declare
  d date := start;
  counted integer := 0;
  i integer := 0;
begin
  if n is null or n < 0 then
    raise exception 'invalid period of % days: must be a non-negative integer', n using errcode = '22023';
  end if;
  if unit = 'calendar' then
    d := start + n;
    while n > 0 and not is_working_day(d) and i < 60 loop
      d := d + 1;
      i := i + 1;
    end loop;
    return d;
  elsif unit = 'working' then
    while counted < n loop
      d := d + 1;
      if is_working_day(d) then
        counted := counted + 1;
      end if;
    end loop;
    return d;
  end if;
  raise exception 'invalid period unit %: must be calendar or working', unit using errcode = '22023';
end
$$;

-- Who handles cases: the staff member an app user is (a mediator's own cases).
alter table app_user add column staff_id bigint references staff (id);

-- The lifecycle on the case. `status` stays what the analytics read; `stage` is the step of the
-- lifecycle and decides it (caseStatus in decide-case-action.ts): not_accepted = transferred,
-- routed to a legal procedure (Art. 31) or declined.
alter table petition_case drop constraint petition_case_status_check;
alter table petition_case add constraint petition_case_status_check
  check (status in ('received', 'accepted', 'mediating', 'resolved', 'closed_unresolved', 'not_accepted'));
alter table petition_case drop constraint petition_case_check1;
alter table petition_case add constraint petition_case_accepted_check
  check ((status = 'received' and accepted_at is null) or status = 'not_accepted'
    or (status in ('accepted', 'mediating', 'resolved', 'closed_unresolved') and accepted_at is not null));

alter table petition_case
  add column stage text check (stage in ('received', 'transferred', 'accepted', 'mediating', 'replied', 'review',
    'review_answered', 'rereview', 'closed')),
  add column stage_on date,
  add column outcome text check (outcome in ('resolved', 'unresolved', 'transferred', 'routed_out', 'declined')),
  add column version integer not null default 1 check (version >= 1),
  add column due_on date,
  add column due_kind text check (due_kind in ('acceptance', 'transfer_objection', 'handling', 'review_request',
    'review_answer', 'rereview_request', 'rereview_answer', 'judicial_confirmation')),
  add column agreement_on date,
  add column final boolean not null default false,
  add column link_kind text check (link_kind in ('repeat', 'same_matter')),
  add column assignee_id bigint references staff (id),
  add column assignment text check (assignment in ('offered', 'accepted')),
  add column assigned_on date,
  add constraint petition_case_link_check check ((link_kind is null) = (repeat_of_id is null)),
  add constraint petition_case_assignee_check check ((assignee_id is null) = (assignment is null)),
  add constraint petition_case_stage_status_check check (stage is null or status = case
    when stage in ('received', 'accepted', 'mediating') then stage
    when stage = 'transferred' then 'not_accepted'
    when outcome = 'resolved' then 'resolved'
    when outcome = 'unresolved' then 'closed_unresolved'
    else 'not_accepted' end),
  add constraint petition_case_final_check check (not final or stage = 'closed');

-- Rows written without a stage (bulk loads, imports, the demo seed, and the rows already here) get
-- the stage their status and dates say, with the deadline that runs: received → the decision
-- (15 days, Art. 22), accepted or mediating → the handling (60 days + extension, Art. 34), answered
-- → the petitioner's 30 days to ask for a review (Art. 35), or closed once those are over.
create function petition_case_lifecycle_defaults() returns trigger
language plpgsql as $$
declare
  replied date;
begin
  -- a link written without its kind is a repeat
  new.link_kind := case when new.repeat_of_id is null then null else coalesce(new.link_kind, 'repeat') end;
  -- A write that changes the status but not the stage is a bulk or import write (the lifecycle's
  -- own writes set both): its stage is derived from it again.
  if tg_op = 'UPDATE' and new.status is distinct from old.status and new.stage is not distinct from old.stage then
    new.stage := null;
  end if;
  if new.stage is not null then
    return new;
  end if;
  if new.status in ('received', 'accepted', 'mediating') then
    new.stage := new.status;
    new.outcome := null;
    if new.status = 'received' then
      new.stage_on := cst_day(new.received_at);
      new.due_kind := 'acceptance';
      new.due_on := legal_period_end(cst_day(new.received_at), 15, 'calendar');
    else
      new.stage_on := cst_day(new.accepted_at);
      new.due_kind := 'handling';
      new.due_on := legal_period_end(cst_day(new.accepted_at), 60 + new.extension_days, 'calendar');
    end if;
  elsif new.status in ('resolved', 'closed_unresolved') then
    replied := cst_day(new.closed_at);
    new.outcome := case new.status when 'resolved' then 'resolved' else 'unresolved' end;
    new.due_on := legal_period_end(replied, 30, 'calendar');
    if new.due_on >= cst_day(now()) then
      new.stage := 'replied';
      new.stage_on := replied;
      new.due_kind := 'review_request';
    else
      new.stage := 'closed';
      new.stage_on := new.due_on + 1;
      new.due_kind := null;
      new.due_on := null;
    end if;
  else
    new.stage := 'closed';
    new.outcome := coalesce(new.outcome, 'declined');
    new.stage_on := cst_day(new.received_at);
    new.due_kind := null;
    new.due_on := null;
  end if;
  return new;
end
$$;
create trigger petition_case_lifecycle before insert or update on petition_case
  for each row execute function petition_case_lifecycle_defaults();

update petition_case set stage = null;
alter table petition_case alter column stage set not null, alter column stage_on set not null;

create index petition_case_due on petition_case (grid_id, due_on) where stage <> 'closed';
create index petition_case_assignee on petition_case (assignee_id) where assignee_id is not null;

-- The history of every case: one row per step, never changed or removed.
create table petition_case_event (
  id bigint generated always as identity primary key,
  district_code text not null,
  case_id bigint not null,
  case_received_at timestamptz not null,
  grid_id bigint not null references area (id),
  -- the case's version after this step (the registration is version 1)
  version integer not null check (version >= 1),
  action text not null check (action in ('register', 'accept', 'transfer', 'return_transfer', 'route_out',
    'decline', 'start_mediation', 'record_mediation', 'extend', 'reply', 'request_review', 'answer_review',
    'request_rereview', 'answer_rereview', 'close', 'assign', 'accept_assignment', 'return_assignment', 'link')),
  from_stage text,
  to_stage text not null,
  on_day date not null,
  recorded_at timestamptz not null default now(),
  actor_user_id bigint references app_user (id),
  -- the official's name as shown at the time (staff, never a petitioner)
  actor_label text check (length(actor_label) <= 60),
  note text check (length(note) <= 500)
    constraint petition_case_event_note_no_personal_identifiers check (not pii_suspect(note)),
  details jsonb not null default '{}'::jsonb
    constraint petition_case_event_details_no_personal_identifiers check (not pii_suspect(details::text)),
  -- the deadline the step answered and whether it was met
  answered_kind text,
  answered_due date,
  on_time boolean,
  -- reconstructed from a row's dates when the lifecycle was introduced or the row bulk-loaded
  imported boolean not null default false,
  unique (case_id, version)
);

-- The case a step belongs to must exist. A trigger, not a foreign key: a key referencing the
-- partitioned petition_case makes one internal constraint per partition, named differently by
-- PostgreSQL 15 and 18 (db/schema.sql must be the same on both).
create function check_case_event_case() returns trigger
language plpgsql as $$
begin
  if not exists (select 1 from petition_case where id = new.case_id and received_at = new.case_received_at) then
    raise exception 'case % (received %) is not a petition case', new.case_id, new.case_received_at
      using errcode = '23503', hint = 'record steps of an existing case';
  end if;
  return new;
end
$$;
alter function check_case_event_case() security definer;
alter function check_case_event_case() set search_path = public, pg_catalog;
alter function check_case_event_case() set app.trusted = 'on';
create index petition_case_event_case on petition_case_event (case_id, version);
create index petition_case_event_grid on petition_case_event (grid_id);

create function petition_case_event_append_only() returns trigger
language plpgsql as $$
begin
  raise exception 'the history of a case is append-only: % is not allowed', tg_op
    using errcode = '42501', hint = 'record a new step instead';
end
$$;
create trigger petition_case_event_append_only before update or delete on petition_case_event
  for each row execute function petition_case_event_append_only();
create trigger petition_case_event_case_exists before insert on petition_case_event
  for each row execute function check_case_event_case();

-- The history of rows that have none, reconstructed from their dates (imported = true): the
-- registration, the acceptance, the extension, the mediation, the reply and the close, as far as
-- the row's stage reached. Called here for the rows already stored and by the demo seed.
create function backfill_case_history() returns integer
language plpgsql as $$
declare
  n integer;
begin
  with todo as (
    select c.* from petition_case c
    where not exists (select 1 from petition_case_event e where e.case_id = c.id)
  ), steps as (
    select t.*, s.k, s.action, s.from_stage, s.to_stage, s.on_day, s.details
    from todo t
    cross join lateral (values
      (1, 'register', null, 'received', cst_day(t.received_at), jsonb_build_object('channel', t.channel)),
      (2, 'accept', 'received', 'accepted', cst_day(t.accepted_at), '{}'::jsonb),
      (3, 'extend', 'accepted', 'accepted', cst_day(t.accepted_at), jsonb_build_object('days', t.extension_days)),
      (4, 'start_mediation', 'accepted', 'mediating', cst_day(t.accepted_at), '{}'::jsonb),
      (5, 'reply', case when t.status = 'resolved' and t.resolution_method is not null then 'mediating' else 'accepted' end,
        'replied', cst_day(t.closed_at),
        jsonb_strip_nulls(jsonb_build_object('outcome', t.outcome, 'method', t.resolution_method))),
      (6, 'close', 'replied', 'closed', t.stage_on, jsonb_build_object('reason', 'window_expired')),
      (7, 'decline', 'received', 'closed', t.stage_on, '{}'::jsonb)
    ) as s (k, action, from_stage, to_stage, on_day, details)
    where case s.k
      when 1 then true
      when 2 then t.accepted_at is not null
      when 3 then t.accepted_at is not null and t.extension_days > 0
      when 4 then t.stage = 'mediating' or (t.status = 'resolved' and t.resolution_method is not null)
      when 5 then t.closed_at is not null
      when 6 then t.closed_at is not null and t.stage = 'closed'
      else t.status = 'not_accepted'
    end
  )
  insert into petition_case_event (district_code, case_id, case_received_at, grid_id, version, action, from_stage,
    to_stage, on_day, details, imported)
  select district_code, id, received_at, grid_id, row_number() over (partition by id order by k)::int, action,
    from_stage, to_stage, on_day, details, true
  from steps;
  get diagnostics n = row_count;
  -- each case's version is the number of steps in its history
  update petition_case c set version = v.n
  from (select case_id, max(version) as n from petition_case_event group by case_id) v
  where v.case_id = c.id and c.version <> v.n;
  return n;
end
$$;
select backfill_case_history();

-- Access: the roles that handle cases read and write them within their scope; commanders (the
-- duty room) register and assign as mediators do. Trusted server code runs as the owner.
grant select on holiday_calendar to pingan_app;
grant select, insert on petition_case_event to pingan_app;
alter table holiday_calendar enable row level security;
alter table holiday_calendar force row level security;
alter table petition_case_event enable row level security;
alter table petition_case_event force row level security;
do $$
begin
  execute format('create policy owner_trusted on holiday_calendar to %I using (current_setting(''app.trusted'', true) = ''on'') with check (current_setting(''app.trusted'', true) = ''on'')', current_user);
  execute format('create policy owner_trusted on petition_case_event to %I using (current_setting(''app.trusted'', true) = ''on'') with check (current_setting(''app.trusted'', true) = ''on'')', current_user);
end
$$;
create policy holiday_calendar_read on holiday_calendar for select to pingan_app using ((select app_role()) is not null);
create policy petition_case_event_read on petition_case_event for select to pingan_app
  using ((select app_role()) in ('mediator', 'commander')
    and grid_id in (select a.id from area a where code_in_scope(a.code, (select app_scope()))));
create policy petition_case_event_write on petition_case_event for insert to pingan_app
  with check ((select app_role()) in ('mediator', 'commander') and grid_in_scope(grid_id, (select app_scope())));

drop policy petition_write on petition_case;
create policy petition_write on petition_case for insert to pingan_app
  with check ((select app_role()) in ('mediator', 'commander') and grid_in_scope(grid_id, (select app_scope())));
drop policy petition_update on petition_case;
create policy petition_update on petition_case for update to pingan_app
  using ((select app_role()) in ('mediator', 'commander') and grid_in_scope(grid_id, (select app_scope())))
  with check ((select app_role()) in ('mediator', 'commander') and grid_in_scope(grid_id, (select app_scope())));

alter table data_version drop constraint data_version_name_check;
alter table data_version add constraint data_version_name_check check (name in (
  'hazard', 'petition_case', 'area', 'daily_report', 'enterprise', 'incident', 'inspection',
  'sensitive_period', 'staff', 'holiday_calendar'
));
insert into data_version (name) values ('holiday_calendar');
create trigger holiday_calendar_data_version after insert or update or delete on holiday_calendar
  for each statement execute function bump_data_version();
create trigger holiday_calendar_data_version_truncate after truncate on holiday_calendar
  for each statement execute function bump_data_version();
