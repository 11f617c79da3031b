// The plan workbook's sheets and columns, shared by the writer and the reader: a column is found again by its
// header, so a person may reorder columns or rows without the reader losing its place.

export const PLAN_SHEETS = {
  intro: '说明',
  tasks: '任务',
  targets: '目标',
  goals: '决战目标',
  provisions: '保障',
  units: '单位',
} as const;

/** Drop-down lists, each a column of the hidden 选项 sheet. */
export type ListName =
  | 'units'
  | 'owners'
  | 'goalGroups'
  | 'measures'
  | 'comparators'
  | 'ledgers'
  | 'measurements'
  | 'aggregations'
  | 'scopes'
  | 'deadlineBases'
  | 'reportedBy'
  | 'valueSources'
  | 'strengths'
  | 'yesNo'
  | 'unitKinds';

export interface ColumnDef {
  key: string;
  header: string;
  width: number;
  required?: boolean;
  /** A drop-down from this list; a cell listing several units gets none (Excel lists take one value). */
  list?: ListName;
  date?: boolean;
  number?: boolean;
  /** Long text: wrapped, top-aligned. */
  wrap?: boolean;
  hint: string;
}

/** Row of the headers (1-based): row 1 is the sheet's title, row 2 its 填写说明. */
export const HEADER_ROW = 3;
export const FIRST_DATA_ROW = HEADER_ROW + 1;
/** Data rows that carry drop-downs and date checks in the template. */
export const TEMPLATE_ROWS = 300;

const UNITS_HINT = '单位名称或别名，多个用顿号“、”分隔';

export const TASK_COLUMNS: ColumnDef[] = [
  { key: 'no', header: '任务编号', width: 9, required: true, number: true, hint: '正整数，各任务不重复' },
  { key: 'section', header: '篇章', width: 9, required: true, hint: '任务所在的章节，如“三(一)”' },
  { key: 'sectionTitle', header: '篇章标题', width: 22, required: true, wrap: true, hint: '同一篇章的标题须一致' },
  { key: 'title', header: '任务名称', width: 26, required: true, wrap: true, hint: '方案中任务的标题' },
  { key: 'clause', header: '条文', width: 70, required: true, wrap: true, hint: '方案原文，逐字照录；分段处换行（Alt+Enter）' },
  { key: 'lead', header: '牵头单位', width: 22, required: true, wrap: true, hint: UNITS_HINT },
  { key: 'leadNote', header: '牵头说明', width: 12, wrap: true, hint: '如“分别牵头”，可空' },
  { key: 'co', header: '配合单位', width: 26, wrap: true, hint: UNITS_HINT },
  { key: 'units', header: '责任单位', width: 26, required: true, wrap: true, hint: `负责落实的单位；${UNITS_HINT}` },
];

const TARGET_TAIL: ColumnDef[] = [
  { key: 'description', header: '目标内容', width: 30, required: true, wrap: true, hint: '一句话说明考核什么' },
  { key: 'metric', header: '指标名称', width: 26, wrap: true, hint: '量化指标必填；销号事项留空' },
  { key: 'measure', header: '计量单位', width: 10, list: 'measures', hint: '量化指标必填，从列表选择' },
  { key: 'comparator', header: '比较方式', width: 12, list: 'comparators', hint: '量化指标必填，从列表选择' },
  { key: 'value', header: '目标值', width: 10, number: true, hint: '数字，不带单位；百分比填 90 表示 90%' },
  { key: 'unitValues', header: '分单位目标值', width: 24, wrap: true, hint: '各单位目标值不同时填写，如“城区：20；盂县：60”' },
  { key: 'start', header: '起始日期', width: 13, required: true, date: true, hint: '日期，如 2020-01-01' },
  { key: 'deadline', header: '截止日期', width: 13, required: true, date: true, hint: '日期，不早于起始日期' },
  { key: 'deadlineBasis', header: '截止依据', width: 22, required: true, list: 'deadlineBases', hint: '从列表选择' },
  { key: 'scope', header: '考核范围', width: 12, required: true, list: 'scopes', hint: '全市一个数，或每个责任单位各自达标' },
  { key: 'ledger', header: '台账渠道', width: 14, required: true, list: 'ledgers', hint: '完成情况从哪类台账计算' },
  { key: 'measurement', header: '计算口径', width: 28, list: 'measurements', hint: '渠道为露天矿山、锅炉、车辆淘汰、排污许可台账时必填' },
  { key: 'aggregation', header: '汇总方式', width: 10, required: true, list: 'aggregations', hint: '从列表选择' },
  { key: 'reportedBy', header: '报送方式', width: 14, required: true, list: 'reportedBy', hint: '从列表选择' },
  { key: 'valueSource', header: '目标值来源', width: 12, required: true, list: 'valueSources', hint: '另行分解下达的目标，目标值可空' },
  { key: 'allocatable', header: '可分解下达', width: 10, list: 'yesNo', hint: '是 / 否，空为否' },
  { key: 'strength', header: '约束强度', width: 10, required: true, list: 'strengths', hint: '从列表选择' },
  { key: 'ongoing', header: '长期坚持', width: 9, list: 'yesNo', hint: '是 / 否，空为否' },
  { key: 'lead', header: '牵头单位', width: 18, wrap: true, hint: `空为沿用所属任务的；没有时填“无”；${UNITS_HINT}` },
  { key: 'co', header: '配合单位', width: 18, wrap: true, hint: `空为沿用所属任务的；没有时填“无”` },
  { key: 'units', header: '责任单位', width: 22, wrap: true, hint: `空为沿用所属任务的；没有时填“无”` },
  { key: 'condition', header: '前提条件', width: 16, wrap: true, hint: '可空' },
  { key: 'quote', header: '引用原文', width: 44, required: true, wrap: true, hint: '从所属任务或保障措施的条文中逐字摘录' },
  { key: 'note', header: '备注', width: 30, wrap: true, hint: '可空' },
];

export const TARGET_COLUMNS: ColumnDef[] = [
  { key: 'id', header: '目标编号', width: 24, required: true, hint: '字母、数字和连字符，全方案不重复，如 T23-coal-cut' },
  { key: 'owner', header: '所属任务', width: 9, required: true, list: 'owners', hint: '任务编号，或保障措施的编号如“四(一)”' },
  ...TARGET_TAIL,
];

export const GOAL_COLUMNS: ColumnDef[] = [
  { key: 'id', header: '目标编号', width: 24, required: true, hint: '字母、数字和连字符，全方案不重复，如 G1-pm25' },
  { key: 'group', header: '类别', width: 12, required: true, list: 'goalGroups', hint: '约束性指标或争取性指标' },
  ...TARGET_TAIL,
];

export const PROVISION_COLUMNS: ColumnDef[] = [
  { key: 'code', header: '编号', width: 9, required: true, hint: '如“四(一)”，不重复' },
  { key: 'title', header: '标题', width: 20, required: true, wrap: true, hint: '保障措施的标题' },
  { key: 'text', header: '条文', width: 90, required: true, wrap: true, hint: '方案原文，逐字照录；考核目标引用的原文须在其中' },
];

export const UNIT_COLUMNS: ColumnDef[] = [
  { key: 'name', header: '单位名称', width: 30, required: true, hint: '规范简称，不重复' },
  { key: 'kind', header: '类别', width: 16, required: true, list: 'unitKinds', hint: '从列表选择' },
  { key: 'fullName', header: '全称', width: 34, hint: '可空' },
  { key: 'aliases', header: '别名', width: 60, wrap: true, hint: '台账和方案中可能出现的其他写法，用顿号“、”分隔' },
];

/** The 说明 sheet's fields: label in column A, value in column B. */
export const INTRO_FIELDS = [
  { key: 'title', label: '方案名称', required: true },
  { key: 'number', label: '文号', required: true },
  { key: 'issuer', label: '发文机关', required: true },
  { key: 'year', label: '方案年度', required: true },
] as const;

/** Written where a target has no lead, co-operating or responsible units of its own, and its task has some. */
export const NONE_MARK = '无';
