// ---- flexcalc JSON API v1: request and response shapes (hand-written; field names are a public
// contract). Money, rates, hours and other decimals are strings ("990.40"); months are "YYYY-MM".
// Embedded in the packages' .d.ts by src/wasm.rs (typescript_custom_section): the core module's
// flexcalc.d.ts and the tools module's tools/flexcalc_tools.d.ts (only the tools module exports
// loadRules/resetRules and BatchCsv, whose BatchPiece is below).

/** A decimal as a string: "6200", "6200.50", "0.08". Numbers are accepted in requests too. */
export type Decimal = string;
/** Money in yuan with two decimals, as the engine answers it: "990.40". */
export type Money = string;
/** A month, "YYYY-MM". */
export type YearMonth = string;
export type Grade = "A" | "B" | "C";
export type Sector = "instant_delivery" | "ride_hailing" | "freight" | "other";
export type ScenarioName = "current_law" | "labor_facts";
export type BaseKind = "floor" | "ceiling" | "income" | "percent" | "amount";
export type TierRule = "highest_not_above" | "lowest_not_below" | "nearest";
export type Track = "male_60" | "female_55" | "female_50" | "female";
export type ErrorCode =
  | "invalid_input"
  | "unknown_region"
  | "rules_not_available"
  | "parameter_required"
  | "invalid_rules"
  | "arithmetic_overflow"
  | "internal";

/** A text in both languages of the product. */
export interface Message {
  zh: string;
  en: string;
}

// ---------------------------------------------------------------- request

export interface Request {
  /** GB/T 2260 code, pinyin or hanzi name: "320100", "nanjing", "南京". */
  region: string;
  /** Default "current_law". compare() ignores it. */
  scenario?: ScenarioName;
  /** The worker's own base under current law. Absent: the floor. The labor-facts scenario does not use it. */
  pension_base?: BaseChoice;
  /** The labor-facts scenario's base. Absent: the rules data's default (the month's labor income). */
  scenario_base?: BaseChoice;
  /** Only for whereToInsure(): 2 to 4 places side by side. */
  places?: { region: string; hukou?: boolean; years_paid?: Decimal }[];
  medical?: MedicalChoice;
  months: MonthFacts[];
  subsidies?: SubsidyRequest[];
  labor_facts?: LaborFactsOverrides;
  /** Ask for the step-by-step explanation (`trace` in the response). */
  trace?: boolean;
  /** The month the contributions are (were) collected in: each value as known then (absent: the final values). */
  collected_in?: YearMonth;
  /** Birth and track: adds retirement, projection and resident blocks; options() needs it. */
  person?: Person;
}

export interface BaseChoice {
  kind?: BaseKind;
  /** The percent ("100") or the amount ("6000"), for kinds percent and amount only. */
  value?: Decimal;
  tier_rule?: TierRule;
}

export interface MedicalChoice {
  /** Default "employee". */
  scheme?: "employee" | "none";
  /** A rate on the base (0.08 is 8 %), where the rules data have none (parameter_required). */
  rate?: Decimal;
  /** The yearly tier where the region charges by tiers (Chongqing: "1" or "2"). */
  tier?: string;
}

export interface MonthFacts {
  month: YearMonth;
  work?: WorkEntry[];
}

export interface WorkEntry {
  platform: string;
  hours?: Decimal;
  income: Decimal;
  orders?: number;
  sector?: Sector;
  /** Instant delivery only. */
  injury_fee_class?: "standard" | "high";
}

export interface SubsidyRequest {
  program: "employment_difficulty" | "platform_pension";
  /** employment_difficulty: the first subsidised month. Absent: the ledger's first month (stated). */
  start?: YearMonth;
  months_used_before?: number;
  /** platform_pension: the platform that pays it. */
  platform?: string;
  /** platform_pension: how many of the months just before the ledger reached the floor. Default 0. */
  months_reached_before?: number;
}

export interface LaborFactsOverrides {
  weekly_hours_threshold?: Decimal;
  income_floor_share?: Decimal;
  platform_pension_rate?: Decimal;
  platform_medical_rate_cut?: Decimal;
  apportion?: "income" | "hours";
}

export interface Person {
  birth: YearMonth;
  track: Track;
  contribution_months?: number;
  average_index?: Decimal;
  account_balance?: Decimal;
  retire_at?: YearMonth;
  retire_reason?: "special_work" | "illness" | "late_claim";
  continue_contributing?: boolean;
  wage_growth?: Decimal;
  assumed_interest?: Decimal;
  divisor_lookup?: "whole_years" | "interpolated";
  benefit_base?: Decimal;
  /** Months the person means to stop paying from the month after the ledger (a gap). */
  gap_months?: number;
}

// ---------------------------------------------------------------- response

export interface Response {
  schema: "flexcalc/v1";
  engine_version: string;
  rules_version: string;
  custom_rules: string[];
  region: RegionInfo;
  scenario: ScenarioInfo;
  months: MonthResult[];
  totals: Totals;
  warnings: Warning[];
  trace?: TraceStep[];
  retirement?: RetirementInfo;
  projection?: ProjectionInfo;
  resident?: ResidentInfo;
  /** With person.gap_months: what the gap does to medical cover. */
  gap?: GapInfo;
}

export interface PlaceName {
  code: string;
  zh: string;
  en: string;
}

export interface RegionInfo extends PlaceName {
  province: PlaceName;
  city?: PlaceName;
}

export interface ScenarioInfo {
  name: ScenarioName;
  is_current_law: boolean;
  label: Message;
  parameters?: Citation[];
  /** The base the scenario computed on. */
  base?: ScenarioBase;
}

export interface ScenarioBase {
  kind: BaseKind;
  /** Which request field chose it, or "default". */
  chosen_by: "pension_base" | "scenario_base" | "default";
  label: Message;
}

export interface PlatformAmount {
  platform: string;
  amount: Money;
}

export interface MonthResult {
  month: YearMonth;
  labor: LaborSummary;
  pension: PensionResult;
  medical: MedicalResult;
  injury: Injury;
  /** What the worker pays this month (pension + medical). */
  worker: Money;
  subsidies: SubsidyResult[];
  net_worker_cost: Money;
  /** e.g. "carried_forward", "provisional", "grade_c", "convention", "base_clamped", "tier_mapped", "long_hours". */
  flags: string[];
  /** Only on a month flagged "provisional": final − collected, what the later notice adds or returns. */
  adjustment?: { pension: Money; medical: Money; total: Money };
}

export interface LaborSummary {
  hours: Money;
  income: Money;
  orders: number;
  weekly_hours: Money;
  hourly_income: Money | null;
  above_statutory_week: boolean;
  platforms: PlatformFacts[];
}

export interface PlatformFacts {
  platform: string;
  sector: Sector;
  hours: Money;
  weekly_hours: Money;
  income: Money;
  hourly_income: Money | null;
  orders: number;
  /** labor_facts only; null under current law. */
  liable: boolean | null;
  liable_by?: ("weekly_hours" | "income")[];
  share?: string;
}

export interface PensionResult {
  base: Money;
  total: Money;
  pooled: Money;
  personal_account: Money;
  worker: Money;
  platforms: PlatformAmount[];
}

export interface MedicalResult {
  scheme: "employee" | "none";
  /** null where the city charges a fixed amount. */
  base: Money | null;
  /** The rate applied to base ("0.09"), where the rule is a rate; absent for a fixed amount or a tier. */
  rate?: Decimal;
  total: Money;
  worker: Money;
  platforms: PlatformAmount[];
  /** Where no city has published a rule: the charge at the low and high end of the estimate. */
  estimate?: { low: Money; high: Money; basis: { zh: string; en: string }; grade: "A" | "B" | "C" };
}

export interface Injury {
  covered: boolean;
  platforms: { platform: string; orders: number; fee: Money; amount: Money }[];
  total: Money;
}

export interface SubsidyResult {
  program: SubsidyRequest["program"];
  payer: "government" | "platform";
  platform?: string;
  eligible: boolean;
  amount: Money;
  reason: Message;
  grade: Grade;
}

export interface PartyTotals {
  total: Money;
  worker: Money;
  platforms: PlatformAmount[];
}

export interface Totals {
  pension: PartyTotals;
  medical: PartyTotals;
  injury: { total: Money; platforms: PlatformAmount[] };
  worker: Money;
  platforms: PlatformAmount[];
  subsidies: {
    program: SubsidyRequest["program"];
    payer: "government" | "platform";
    platform?: string;
    amount: Money;
    months: number;
  }[];
  net_worker_cost: Money;
}

export interface Warning {
  code: string;
  message: Message;
  parameter?: string;
  months?: YearMonth[];
}

/** A legal source as shown with a value. */
export interface Citation {
  parameter: string;
  grade: Grade;
  /** A flexcalc convention where no rule is published. */
  convention?: boolean;
  document?: string;
  title?: string;
  url?: string;
  published?: string;
  /** "2025-01..2025-12" or "2006-01.." */
  period: string;
  carried_forward: boolean;
  note?: string;
  file: string;
  line: number;
}

export interface TraceStep {
  month: YearMonth | null;
  /** "pension.base", "pension.contribution", "medical.contribution", "labor_facts.liability", … */
  step: string;
  rule: Message;
  citations: Citation[];
  inputs: Record<string, string>;
  result: Record<string, string>;
}

export interface Age {
  years: number;
  months: number;
}

export interface DateAge {
  date: YearMonth;
  age: Age;
}

export interface RetirementInfo {
  track: Exclude<Track, "female">;
  track_from: "request" | "region";
  date: YearMonth;
  age: Age;
  choice: "statutory" | "early" | "late";
  statutory: DateAge;
  original: DateAge;
  delay_months: number;
  earliest: DateAge;
  latest: DateAge;
  min_contribution_years: Decimal;
  contribution_months: number;
  meets_minimum: boolean;
  months_short: number;
  statutory_min_contribution_years: Decimal;
}

export interface ProjectionInfo {
  retirement_date: YearMonth;
  basic_pension: Money;
  account_pension: Money;
  monthly_pension: Money;
  years: Decimal;
  contribution_months: number;
  average_index: Decimal;
  account_balance: Money;
  benefit_base: Money;
  months_divisor: Decimal;
  own_contributions: Money;
  repay_years: Decimal | null;
  assumptions: { code: string; value: string; message: Message }[];
}

export interface ResidentInfo {
  medical: {
    yearly_individual: Money;
    yearly_subsidy: Money;
    monthly_equivalent: Money;
    scope: string;
    grade: Grade;
  };
  pension: {
    start: YearMonth;
    age: number;
    contribution_years: number;
    min_years: Decimal;
    meets_minimum: boolean;
    basic_pension: Money;
    months_divisor: Decimal;
    scope: string;
    tiers: { yearly: Money; subsidy: Money; account_balance: Money; account_pension: Money; monthly_pension: Money }[];
    assumptions: string[];
  };
}

/** compare(): both scenarios and what changes for each party (labor_facts minus current_law). */
export interface Comparison {
  schema: "flexcalc/v1/compare";
  engine_version: string;
  rules_version: string;
  current_law: Response;
  labor_facts: Response;
  differences: {
    months: ({ month: YearMonth } & PartyDifference)[];
    totals: PartyDifference;
  };
}

export interface PartyDifference {
  worker: Money;
  platforms: PlatformAmount[];
}

/** options(): the base choices compared, for a request with a person. */
export interface OptionsResponse {
  schema: "flexcalc/v1/options";
  engine_version: string;
  rules_version: string;
  region: RegionInfo;
  retirement: RetirementInfo;
  options: OptionPoint[];
  /** The employee schemes at the floor beside the resident schemes at their lowest tier. */
  schemes?: { employee: SchemeOutcome; resident: SchemeOutcome };
  /** Without a person: what the comparison assumed, in words. */
  assumptions?: Message[];
  resident?: ResidentInfo;
  warnings: Warning[];
}

export interface OptionPoint {
  choice: "percent" | "income" | "floor";
  percent?: Decimal;
  label: Message;
  base: Money;
  monthly_cost: Money;
  monthly_cost_with_medical: Money;
  monthly_pension: Money;
  basic_pension: Money;
  account_pension: Money;
  repay_years: Decimal | null;
  /** Pension and medical a month today after every subsidy that applies. */
  net_monthly_cost: Money;
  /** net_monthly_cost / the month's labor income, four decimals; absent without income. */
  share_of_income?: Decimal;
  meets_minimum_years: boolean;
}

/** One place offered by searchPlaces(query, limit): the engine's own index of every division. */
export interface PlaceListing {
  code: string;
  zh: string;
  en: string;
  level: "province" | "prefecture" | "county";
  /** The province the place lies in ("" for a province). */
  province_zh: string;
  province_en: string;
}
export interface RegionListing {
  code: string;
  zh: string;
  en: string;
  aliases: string[];
  cities: RegionListing[];
}

export interface RulesInForce {
  schema: "flexcalc/v1/rules";
  rules_version: string;
  region: string;
  month: YearMonth;
  parameters: ({ name: string; description: string; scope: string; value: unknown } & Omit<Citation, "parameter">)[];
}

export interface Version {
  schema: "flexcalc/v1";
  engine_version: string;
  rules_version: string;
  custom_rules: string[];
}

/** The error document of the JSON API (and of a thrown FlexcalcError's `document`). */
export interface ErrorDocument {
  error: { code: ErrorCode; path?: string; message: Message };
}

/** What assess(), compare(), options() and rules() throw on an input error. */
export interface FlexcalcError extends Error {
  code: ErrorCode;
  /** JSON path of the field at fault ("months[0].work[0].hours"), or null. */
  path: string | null;
  message_zh: string;
  messages: Message;
  document: ErrorDocument;
}

/** What BatchCsv.push() returns for one piece of a CSV file (docs/batch.md, "In the page"). */
export interface BatchPiece {
  /** Output CSV rows (UTF-8), byte for byte those of `flexcalc batch`; the header row with the first piece. */
  output: Uint8Array;
  /** Error CSV rows (line,worker_id,field,code,message); the header row with the first piece. */
  errors: Uint8Array;
  /** Bytes of the piece consumed: the next piece starts there (0: give a longer piece). */
  consumed: number;
  rows: number;
  workers: number;
  workerMonths: number;
  errorRows: number;
  /** With a `lang`: the file's first error lines in plain words (line and column), at most 20 in all. */
  shownErrors: string[];
  /** The file's encoding once told ("UTF-8", "GBK/GB18030", "UTF-16LE", "UTF-16BE"), else null. */
  encoding: string | null;
}

export interface GapInfo {
  months: number;
  employee_medical: {
    backpay_months: Decimal;
    covered_by_backpay: boolean;
    waiting_months?: Decimal;
    waiting_is_maximum: boolean;
    message: Message;
    grade: Grade;
    citations: Citation[];
  };
  resident_medical: {
    gap_years: number;
    waiting_months: Decimal;
    after_backpay_months: Decimal;
    message: Message;
    grade: Grade;
    citations: Citation[];
  };
}

export interface WhereResponse {
  schema: "flexcalc/v1/where";
  engine_version: string;
  rules_version: string;
  places: {
    region: RegionInfo;
    hukou: boolean;
    monthly_cost: Decimal;
    net_monthly_cost: Decimal;
    monthly_pension: Decimal;
    retirement_date: YearMonth;
    years_here_at_retirement: Decimal;
    drawn_at: { province?: string; by: "hukou" | "here" | "earlier_place"; message: Message; citations: Citation[] };
    temporary_account?: { message: Message; citations: Citation[] };
  }[];
  agency: { message: Message; citations: Citation[] };
  assumptions?: Message[];
  warnings: Warning[];
}

export interface SchemeOutcome {
  yearly_cost: Decimal;
  monthly_pension: Decimal;
  pension_from: YearMonth;
  inpatient_fund_share?: Decimal;
  message: Message;
}
