/* eslint-disable @typescript-eslint/no-explicit-any -- answers are read by shape in `count` */
/**
 * The benchmark's fixed list of operations: the admin client's real reads (client/src), each written
 * three ways — the operation as the client sends it to this server, an equivalent query for
 * PostGraphile's generated schema, and one hand-written SQL statement (json aggregation returning the
 * same data) for the raw-SQL floor.
 */

/** Ids the operations need, looked up after the data is loaded. */
export interface Ids {
  /** CQ-2021-GUIDANCE, the 2021 city plan (allocation matrix of 41 districts × 13 indicators). */
  cityPlanId: string;
  /** WULONG-2019, Wulong's district plan (responsibility matrix). */
  wulongPlanId: string;
  /** 武隆区's 区人力社保局, the organisation with the most assignments. */
  wulongHrId: string;
  /** The benchmark's city admin (user id, bearer token and its SHA-256). */
  userId: string;
  token: string;
  tokenHash: Buffer;
}

export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown>;
  /** Send the bench user's bearer token. */
  signedIn: boolean;
}

export interface SqlRequest {
  sql: string;
  params: unknown[];
}

export interface Operation {
  name: string;
  description: string;
  server: (ids: Ids) => GraphQLRequest;
  /** Missing: PostGraphile has no equivalent. */
  postgraphile?: (ids: Ids) => GraphQLRequest;
  floor: (ids: Ids) => SqlRequest;
  /** A count that should agree between the three (rows, nodes…), to check the answers are alike. */
  count: { server: Count; postgraphile?: Count; floor: Count };
}

/** Reads a count from an answer (the shapes are the operation's own, hence `any`). */
type Count = (answer: any) => number;

const sum = (values: number[]) => Math.round(values.reduce((a, b) => a + Number(b), 0) * 100) / 100;

const ViewerFields = `
  id
  username
  displayName
  grants {
    id
    role
    districtId
    district { id name }
    organisationId
    organisation { id name kind category }
  }`;

const AllocationMatrixQuery = `query AllocationMatrix($planId: ID!, $year: Int!) {
  allocationMatrix(planId: $planId, year: $year) {
    year
    complete
    indicators { id name unit nature parentId ceilingRatio ceilingOf { id name } }
    rows { district { id name } cells { indicatorId value } }
    totals { indicatorId computed claimed difference }
    cityTargets { indicatorId value }
    warnings { code severity message districtId indicatorId expected actual }
  }
}`;

const ResponsibilityMatrixQuery = `query ResponsibilityMatrix($planId: ID!, $listKind: DutyListKind!) {
  responsibilityMatrix(planId: $planId, listKind: $listKind) {
    listKind
    plan { id title }
    columns { key label category leadCount cooperatingCount organisation { id name } }
    rows {
      duty { id seq title targetText targets { id year value unit } }
      cells { columnKey role assigneeText }
    }
  }
}`;

const json = (sql: string) => sql.replace(/\s+/g, ' ').trim();

/** client/src/pages/MonitoringPage.tsx `CityDashboard`, as the page sends it. */
const CityDashboardQuery = `query CityDashboard($planId: ID!, $year: Int!) {
  cityDashboard(planId: $planId, year: $year) {
    today
    expectedProgress
    ceilingReading
    indicators { id name unit }
    rows {
      district { id name }
      completion
      status
      warningCount
      cells { indicatorId target actual reported official completion status }
    }
    warnings { code message districtId }
    ranking {
      district { id name }
      score
      rank
      breakdown { name weight points adjustment adjustmentReason }
    }
  }
}`;

/**
 * The sources of actuals as server/src/modules/monitoring/monitoring.sources.ts writes them
 * (approved reports of lead assignments through linked duty targets, official statistics, the
 * linked duty targets), for the city (every district): `ids` the plan's indicator ids, `first`
 * the plan's first year, `$2` the year.
 */
const actualsSql = `
  SELECT 'REPORTS'::text AS source, x.district_id, dt.indicator_id, rp.year, sum(x.value)::float8 AS value,
         NULL::text AS as_of, NULL::text AS note
    FROM (SELECT DISTINCT ON (r.assignment_id, r.organisation_id, r.period_id) r.duty_id, r.district_id, r.period_id, r.value
            FROM progress_report r JOIN duty_assignment a ON a.id = r.assignment_id AND a.role = 'LEAD'
           WHERE r.status = 'APPROVED' AND r.value IS NOT NULL
             AND r.duty_id IN (SELECT duty_id FROM duty_target WHERE indicator_id = ANY ((SELECT arr FROM ids)::uuid[]))
           ORDER BY r.assignment_id, r.organisation_id, r.period_id, r.revision DESC) x
    JOIN reporting_period rp ON rp.id = x.period_id
    JOIN duty_target dt ON dt.duty_id = x.duty_id AND dt.year = rp.year
   WHERE dt.indicator_id = ANY ((SELECT arr FROM ids)::uuid[]) AND rp.year BETWEEN (SELECT first FROM p) AND $2
   GROUP BY x.district_id, dt.indicator_id, rp.year
  UNION ALL
  SELECT 'OFFICIAL', s.district_id, s.indicator_id, s.year, s.value::float8, s.as_of::text, s.note
    FROM official_statistic s
   WHERE s.indicator_id = ANY ((SELECT arr FROM ids)::uuid[]) AND s.year BETWEEN (SELECT first FROM p) AND $2
  UNION ALL
  SELECT 'DUTY_TARGETS', dt.district_id, dt.indicator_id, dt.year, sum(dt.value)::float8, NULL, NULL
    FROM duty_target dt
   WHERE dt.indicator_id = ANY ((SELECT arr FROM ids)::uuid[]) AND dt.year BETWEEN (SELECT first FROM p) AND $2
   GROUP BY dt.district_id, dt.indicator_id, dt.year`;

/**
 * The lead assignments' figures for the ranking's REPORTED_ON_TIME / CHECKLIST_DONE criteria, as
 * server/src/modules/monitoring/scoring.service.ts `dutyFiguresSql` (every district, `$2` the year,
 * today in Chongqing).
 */
const dutyFiguresSql = `
  WITH lead AS (
         SELECT a.id AS assignment_id, a.duty_id, a.district_id, a.organisation_id, a.assignee_text,
                d.plan_id, d.sort_order, d.list_kind
           FROM duty_assignment a JOIN duty d ON d.id = a.duty_id
           JOIN plan pl ON pl.id = d.plan_id AND pl.start_year <= $2 AND (pl.end_year IS NULL OR pl.end_year >= $2)
          WHERE a.role = 'LEAD'),
       periods AS (SELECT rp.id, rp.plan_id, rp.ends_on, rp.due_on FROM reporting_period rp
                    WHERE rp.year = $2 AND rp.plan_id IN (SELECT plan_id FROM lead)),
       latest AS (SELECT DISTINCT ON (r.assignment_id, r.organisation_id, r.period_id) r.assignment_id, r.id, r.value
                    FROM progress_report r JOIN periods p ON p.id = r.period_id
                   WHERE r.status = 'APPROVED' AND r.assignment_id IN (SELECT assignment_id FROM lead)
                   ORDER BY r.assignment_id, r.organisation_id, r.period_id, r.revision DESC),
       actuals AS (SELECT assignment_id, sum(value)::float8 AS actual FROM latest GROUP BY assignment_id),
       submitted AS (SELECT r.assignment_id, r.period_id, bool_or(NOT r.late) AS on_time
                       FROM progress_report r JOIN periods p ON p.id = r.period_id
                      WHERE r.status <> 'DRAFT' AND r.assignment_id IN (SELECT assignment_id FROM lead)
                      GROUP BY r.assignment_id, r.period_id),
       due AS (SELECT l.assignment_id, count(*)::int AS due, count(*) FILTER (WHERE s.on_time)::int AS on_time,
                      count(*) FILTER (WHERE s.period_id IS NULL)::int AS missed
                 FROM lead l JOIN periods p ON p.plan_id = l.plan_id
                   AND p.due_on < (now() AT TIME ZONE 'Asia/Shanghai')::date
                 LEFT JOIN submitted s ON s.assignment_id = l.assignment_id AND s.period_id = p.id
                GROUP BY l.assignment_id),
       items AS (SELECT duty_id, count(*)::int AS items FROM responsibility_item
                  WHERE duty_id IN (SELECT duty_id FROM lead) GROUP BY duty_id),
       items_done AS (SELECT x.assignment_id, count(DISTINCT ri.responsibility_item_id)::int AS items_done
                        FROM latest x JOIN progress_report_item ri ON ri.report_id = x.id
                       WHERE btrim(ri.narrative) <> '' GROUP BY x.assignment_id),
       plan_periods AS (SELECT plan_id, json_agg(ends_on::text ORDER BY ends_on) AS period_ends
                          FROM periods GROUP BY plan_id)
  SELECT l.assignment_id, l.duty_id, l.district_id, l.organisation_id, l.assignee_text, l.plan_id,
         dt.indicator_id, dt.value::float8 AS target, a.actual,
         coalesce(d.due, 0) AS due, coalesce(d.on_time, 0) AS on_time, coalesce(d.missed, 0) AS missed,
         coalesce(it.items, 0) AS items, coalesce(idn.items_done, 0) AS items_done,
         coalesce(pp.period_ends, '[]'::json) AS period_ends
    FROM lead l
    LEFT JOIN duty_target dt ON dt.duty_id = l.duty_id AND dt.year = $2
    LEFT JOIN actuals a ON a.assignment_id = l.assignment_id
    LEFT JOIN due d ON d.assignment_id = l.assignment_id
    LEFT JOIN items it ON it.duty_id = l.duty_id
    LEFT JOIN items_done idn ON idn.assignment_id = l.assignment_id
    LEFT JOIN plan_periods pp ON pp.plan_id = l.plan_id
   ORDER BY l.district_id, l.list_kind, l.sort_order, l.assignment_id`;

export const OPERATIONS: Operation[] = [
  {
    name: 'typename',
    description: '`{ __typename }`, signed out: the per-request floor of the framework',
    server: () => ({ query: '{ __typename }', signedIn: false }),
    postgraphile: () => ({ query: '{ __typename }', signedIn: false }),
    floor: () => ({ sql: `SELECT json_build_object('__typename', 'Query') AS result`, params: [] }),
    count: { server: () => 1, postgraphile: () => 1, floor: () => 1 },
  },
  {
    name: 'viewer',
    description: 'the signed-in user and grants (client/src/lib/viewer.ts `Viewer`)',
    server: () => ({ query: `query Viewer { viewer { ${ViewerFields} } }`, signedIn: true }),
    // PostGraphile has no sessions: the same user read by id.
    postgraphile: (ids) => ({
      query: `query ($id: UUID!) { appUserByRowId(rowId: $id) { rowId username displayName
        userGrantsByUserId { nodes { rowId role districtId districtByDistrictId { rowId name }
          organisationId organisationByOrganisationIdAndDistrictId { rowId name kind category } } } } }`,
      variables: { id: ids.userId },
      signedIn: false,
    }),
    floor: (ids) => ({
      sql: json(`
        SELECT json_build_object('id', u.id, 'username', u.username, 'displayName', u.display_name,
          'grants', coalesce((SELECT json_agg(json_build_object('id', g.id, 'role', g.role,
              'districtId', g.district_id,
              'district', (SELECT json_build_object('id', d.id, 'name', d.name) FROM district d WHERE d.id = g.district_id),
              'organisationId', g.organisation_id,
              'organisation', (SELECT json_build_object('id', o.id, 'name', o.name, 'kind', o.kind, 'category', o.category)
                                 FROM organisation o WHERE o.id = g.organisation_id))
              ORDER BY g.created_at, g.id) FROM user_grant g WHERE g.user_id = u.id), '[]'::json)) AS result
          FROM user_session s JOIN app_user u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active`),
      params: [ids.tokenHash],
    }),
    count: {
      server: (d) => d.viewer.grants.length,
      postgraphile: (d) => d.appUserByRowId.userGrantsByUserId.nodes.length,
      floor: (r) => r.grants.length,
    },
  },
  {
    name: 'allocationMatrix',
    description: 'the 2021 city plan’s allocation matrix (41 districts × 13 indicators, totals, claims)',
    server: (ids) => ({
      query: AllocationMatrixQuery,
      variables: { planId: ids.cityPlanId, year: 2021 },
      signedIn: true,
    }),
    // No computed totals or rule warnings: the plan's indicators, targets, districts and claims.
    postgraphile: (ids) => ({
      query: `query ($planId: UUID!, $year: Int!) {
        planByRowId(rowId: $planId) { rowId title
          indicatorsByPlanId(orderBy: SORT_ORDER_ASC) { nodes { rowId name unit nature parentId ceilingRatio
            indicatorByCeilingOfId { rowId name } } }
          targetsByPlanId(condition: { year: $year }) { nodes { indicatorId districtId value } } }
        allDistricts(orderBy: [SORT_ORDER_ASC, CODE_ASC]) { nodes { rowId name } }
        allClaimedTotals(condition: { planId: $planId, year: $year }) { nodes { indicatorId value } } }`,
      variables: { planId: ids.cityPlanId, year: 2021 },
      signedIn: false,
    }),
    floor: (ids) => ({
      sql: json(`
        WITH ind AS (SELECT * FROM indicator WHERE plan_id = $1),
             t AS (SELECT indicator_id, district_id, value FROM target WHERE plan_id = $1 AND year = $2)
        SELECT json_build_object('year', $2::int,
          'indicators', (SELECT json_agg(json_build_object('id', i.id, 'name', i.name, 'unit', i.unit,
              'nature', i.nature, 'parentId', i.parent_id, 'ceilingRatio', i.ceiling_ratio,
              'ceilingOf', CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('id', c.id, 'name', c.name) END)
              ORDER BY i.sort_order) FROM ind i LEFT JOIN indicator c ON c.id = i.ceiling_of_id),
          'rows', (SELECT json_agg(r.j ORDER BY r.sort_order, r.code) FROM (
              SELECT d.sort_order, d.code, json_build_object('district', json_build_object('id', d.id, 'name', d.name),
                'cells', json_agg(json_build_object('indicatorId', i.id, 'value', t.value) ORDER BY i.sort_order)) AS j
                FROM district d CROSS JOIN ind i
                LEFT JOIN t ON t.indicator_id = i.id AND t.district_id = d.id
               GROUP BY d.id) r),
          'totals', (SELECT json_agg(json_build_object('indicatorId', i.id,
              'computed', coalesce(s.total, 0), 'claimed', ct.value, 'difference', ct.value - coalesce(s.total, 0))
              ORDER BY i.sort_order)
              FROM ind i
              LEFT JOIN (SELECT indicator_id, sum(value) AS total FROM t WHERE district_id IS NOT NULL GROUP BY 1) s
                ON s.indicator_id = i.id
              LEFT JOIN claimed_total ct ON ct.indicator_id = i.id AND ct.year = $2),
          'cityTargets', coalesce((SELECT json_agg(json_build_object('indicatorId', indicator_id, 'value', value))
              FROM t WHERE district_id IS NULL), '[]'::json)) AS result`),
      params: [ids.cityPlanId, 2021],
    }),
    count: {
      // The sum of the districts' cells.
      server: (d) => sum(d.allocationMatrix.rows.flatMap((r: any) => r.cells.map((c: any) => c.value ?? 0))),
      postgraphile: (d) =>
        sum(
          d.planByRowId.targetsByPlanId.nodes
            .filter((t: any) => t.districtId)
            .map((t: any) => Number(t.value)),
        ),
      floor: (r) => sum(r.rows.flatMap((row: any) => row.cells.map((c: any) => c.value ?? 0))),
    },
  },
  {
    name: 'responsibilityMatrix',
    description: 'Wulong’s department responsibility matrix (duties × units, yearly targets)',
    server: (ids) => ({
      query: ResponsibilityMatrixQuery,
      variables: { planId: ids.wulongPlanId, listKind: 'DEPARTMENT' },
      signedIn: true,
    }),
    // No columns (computed by the server): the duties with their targets and assignments.
    postgraphile: (ids) => ({
      query: `query ($planId: UUID!, $listKind: String!) {
        planByRowId(rowId: $planId) { rowId title }
        allDuties(condition: { planId: $planId, listKind: $listKind }, orderBy: [SORT_ORDER_ASC, ROW_ID_ASC]) {
          nodes { rowId seq title targetText
            dutyTargetsByDutyId(orderBy: YEAR_ASC) { nodes { rowId year value unit } }
            dutyAssignmentsByDutyId(orderBy: SORT_ORDER_ASC) { nodes { role assigneeText category organisationId
              organisationByOrganisationId { rowId name } } } } } }`,
      variables: { planId: ids.wulongPlanId, listKind: 'DEPARTMENT' },
      signedIn: false,
    }),
    floor: (ids) => ({
      sql: json(`
        WITH d AS (SELECT * FROM duty WHERE plan_id = $1 AND list_kind = $2),
             a AS (SELECT a.*, coalesce(a.organisation_id::text, 'category:' || a.category) AS key,
                          d.sort_order * 100000 + a.sort_order AS appearance
                     FROM duty_assignment a JOIN d ON d.id = a.duty_id)
        SELECT json_build_object('listKind', $2::text,
          'plan', (SELECT json_build_object('id', p.id, 'title', p.title) FROM plan p WHERE p.id = $1),
          'columns', coalesce((SELECT json_agg(json_build_object('key', c.key, 'label', coalesce(o.name, c.label),
              'category', c.category, 'leadCount', c.lead, 'cooperatingCount', c.cooperating,
              'organisation', CASE WHEN o.id IS NULL THEN NULL ELSE json_build_object('id', o.id, 'name', o.name) END)
              ORDER BY c.first)
              FROM (SELECT key, (array_agg(organisation_id))[1] AS organisation_id, min(category) AS category,
                           min(assignee_text) AS label, min(appearance) AS first,
                           count(DISTINCT duty_id) FILTER (WHERE role = 'LEAD') AS lead,
                           count(DISTINCT duty_id) FILTER (WHERE role = 'COOPERATING') AS cooperating
                      FROM a GROUP BY key) c
              LEFT JOIN organisation o ON o.id = c.organisation_id), '[]'::json),
          'rows', coalesce((SELECT json_agg(json_build_object(
              'duty', json_build_object('id', d.id, 'seq', d.seq, 'title', d.title, 'targetText', d.target_text,
                'targets', coalesce((SELECT json_agg(json_build_object('id', t.id, 'year', t.year, 'value', t.value, 'unit', t.unit)
                    ORDER BY t.year) FROM duty_target t WHERE t.duty_id = d.id), '[]'::json)),
              'cells', coalesce((SELECT json_agg(json_build_object('columnKey', a.key, 'role', a.role, 'assigneeText', a.assignee_text)
                  ORDER BY a.sort_order) FROM a WHERE a.duty_id = d.id), '[]'::json))
              ORDER BY d.sort_order, d.id) FROM d), '[]'::json)) AS result`),
      params: [ids.wulongPlanId, 'DEPARTMENT'],
    }),
    count: {
      // Rows plus cells (assignments: the server counts a unit named twice on a duty once).
      server: (d) => sum(d.responsibilityMatrix.rows.map((r: any) => 1 + r.cells.length)),
      postgraphile: (d) => sum(d.allDuties.nodes.map((n: any) => 1 + n.dutyAssignmentsByDutyId.nodes.length)),
      floor: (r) => sum(r.rows.map((row: any) => 1 + row.cells.length)),
    },
  },
  {
    name: 'duties50',
    description: '`duties(first: 50)` with total count, assignments and their organisations',
    server: () => ({
      query: `query Duties { duties(first: 50) { totalCount nodes { id seq title listKind targetText
        assignments { id role assigneeText organisation { id name } } } } }`,
      signedIn: true,
    }),
    postgraphile: () => ({
      query: `{ allDuties(first: 50, orderBy: [PLAN_ID_ASC, LIST_KIND_ASC, SORT_ORDER_ASC, ROW_ID_ASC]) { totalCount
        nodes { rowId seq title listKind targetText
          dutyAssignmentsByDutyId(orderBy: SORT_ORDER_ASC) { nodes { rowId role assigneeText
            organisationByOrganisationId { rowId name } } } } } }`,
      signedIn: false,
    }),
    floor: () => ({
      sql: json(`
        SELECT json_build_object('totalCount', (SELECT count(*) FROM duty),
          'nodes', coalesce(json_agg(json_build_object('id', d.id, 'seq', d.seq, 'title', d.title,
            'listKind', d.list_kind, 'targetText', d.target_text,
            'assignments', coalesce((SELECT json_agg(json_build_object('id', a.id, 'role', a.role,
                'assigneeText', a.assignee_text,
                'organisation', CASE WHEN o.id IS NULL THEN NULL ELSE json_build_object('id', o.id, 'name', o.name) END)
                ORDER BY a.sort_order, a.id)
                FROM duty_assignment a LEFT JOIN organisation o ON o.id = a.organisation_id
               WHERE a.duty_id = d.id), '[]'::json))
            ORDER BY d.plan_id, d.list_kind, d.sort_order, d.id), '[]'::json)) AS result
          FROM (SELECT * FROM duty ORDER BY plan_id, list_kind, sort_order, id LIMIT 50) d`),
      params: [],
    }),
    count: {
      // Duties plus their assignments.
      server: (d) => sum(d.duties.nodes.map((n: any) => 1 + n.assignments.length)),
      postgraphile: (d) => sum(d.allDuties.nodes.map((n: any) => 1 + n.dutyAssignmentsByDutyId.nodes.length)),
      floor: (r) => sum(r.nodes.map((n: any) => 1 + n.assignments.length)),
    },
  },
  {
    name: 'organisationDuties',
    description: 'an organisation’s duties (武隆区 区人力社保局; client `OrganisationDetail` / `MyRoles`)',
    server: (ids) => ({
      query: `query ($id: ID!) { organisation(id: $id) { id name duties { id role assigneeText
        duty { id seq title listKind plan { id title } } } } }`,
      variables: { id: ids.wulongHrId },
      signedIn: true,
    }),
    // Direct assignments only: PostGraphile cannot express "or through the organisation's category".
    postgraphile: (ids) => ({
      query: `query ($id: UUID!) { organisationByRowId(rowId: $id) { rowId name
        dutyAssignmentsByOrganisationId { nodes { rowId role assigneeText
          dutyByDutyId { rowId seq title listKind planByPlanId { rowId title } } } } } }`,
      variables: { id: ids.wulongHrId },
      signedIn: false,
    }),
    floor: (ids) => ({
      sql: json(`
        SELECT json_build_object('id', o.id, 'name', o.name,
          'duties', coalesce((SELECT json_agg(json_build_object('id', a.id, 'role', a.role, 'assigneeText', a.assignee_text,
              'duty', json_build_object('id', d.id, 'seq', d.seq, 'title', d.title, 'listKind', d.list_kind,
                'plan', json_build_object('id', p.id, 'title', p.title)))
              ORDER BY d.plan_id, d.list_kind, d.sort_order, a.sort_order, a.id)
              FROM duty_assignment a JOIN duty d ON d.id = a.duty_id JOIN plan p ON p.id = d.plan_id
             WHERE a.district_id = o.district_id
               AND (a.organisation_id = o.id
                 OR (a.category IS NOT NULL AND d.list_kind IN ('ENTERPRISE', 'INSTITUTION')
                     AND (a.category = o.category
                       OR (a.category = 'ALL_ENTERPRISES' AND o.kind = 'ENTERPRISE')
                       OR (a.category = 'ALL_TRAINING_INSTITUTIONS' AND o.kind = 'TRAINING_INSTITUTION'))))),
            '[]'::json)) AS result
          FROM organisation o WHERE o.id = $1`),
      params: [ids.wulongHrId],
    }),
    count: {
      server: (d) => d.organisation.duties.length,
      postgraphile: (d) => d.organisationByRowId.dutyAssignmentsByOrganisationId.nodes.length,
      floor: (r) => r.duties.length,
    },
  },
  {
    name: 'cityDashboard',
    description:
      'the 2021 city plan’s city dashboard (client `CityDashboard`: 41 districts × 13 indicators, actuals by source, warnings, ranking); ' +
      'the floor returns the raw inputs (targets, actuals of reports / official statistics / linked duty targets, the ledger’s classes and ' +
      'certification bodies, criteria, adjustments, duty figures) that the server turns into statuses, warnings and scores with packages/domain',
    server: (ids) => ({
      query: CityDashboardQuery,
      variables: { planId: ids.cityPlanId, year: 2021 },
      signedIn: true,
    }),
    // No PostGraphile variant: statuses, warnings, the class ledger's counts and the scores are
    // computed by packages/domain, which PostGraphile's generated schema has no equivalent of.
    floor: (ids) => ({
      sql: json(`
        WITH p AS (SELECT id, title, start_year AS first, end_year, cadence, ceiling_reading FROM plan WHERE id = $1),
             ind AS (SELECT * FROM indicator WHERE plan_id = $1),
             ids AS (SELECT array_agg(id) AS arr FROM ind),
             crit AS (SELECT id, name, weight::float8 AS weight, method, indicator_id FROM assessment_criterion
                       WHERE plan_id = $1 AND district_id IS NULL)
        SELECT json_build_object(
          'plan', (SELECT row_to_json(p) FROM p),
          'indicators', (SELECT json_agg(json_build_object('id', i.id, 'code', i.code, 'name', i.name, 'unit', i.unit,
              'nature', i.nature, 'parentId', i.parent_id, 'ceilingRatio', i.ceiling_ratio,
              'ceilingOfId', i.ceiling_of_id, 'cumulative', i.cumulative) ORDER BY i.sort_order) FROM ind i),
          'districts', (SELECT json_agg(json_build_object('id', d.id, 'name', d.name) ORDER BY d.sort_order, d.code)
              FROM district d),
          'targets', coalesce((SELECT json_agg(json_build_object('districtId', t.district_id,
              'indicatorId', t.indicator_id, 'year', t.year, 'value', t.value))
              FROM target t WHERE t.plan_id = $1 AND t.district_id IS NOT NULL
               AND t.year IN ($2, (SELECT end_year FROM p))), '[]'::json),
          'actuals', coalesce((SELECT json_agg(a) FROM (${actualsSql}) a), '[]'::json),
          'classes', coalesce((SELECT json_agg(json_build_object('id', t.id, 'districtId', t.district_id,
              'organisationId', t.organisation_id, 'organisationName', o.name, 'name', t.name,
              'trainingType', t.training_type, 'catalogueEntryId', t.catalogue_entry_id,
              'occupation', coalesce(c.occupation, t.occupation), 'plannedTrainees', t.planned_trainees,
              'startsOn', t.starts_on, 'endsOn', t.ends_on, 'enterpriseEmployees', t.enterprise_employees,
              'advancedLevel', t.advanced_level, 'stage', t.stage, 'openedOn', t.opened_on,
              'advancePaidOn', t.advance_paid_on, 'traineesCompleted', t.trainees_completed,
              'traineesCertified', t.trainees_certified, 'certificateKind', t.certificate_kind,
              'auditedOn', t.audited_on))
              FROM training_class t JOIN organisation o ON o.id = t.organisation_id
              LEFT JOIN catalogue_entry c ON c.id = t.catalogue_entry_id
             WHERE extract(year FROM t.audited_on) = $2 OR extract(year FROM t.advance_paid_on) = $2), '[]'::json),
          'certificationBodies', coalesce((SELECT json_agg(json_build_object('districtId', q.district_id,
              'bodyType', q.certification_body_type, 'status', q.status, 'validFrom', q.valid_from, 'validTo', q.valid_to))
              FROM qualification q WHERE q.kind = 'CERTIFICATION_BODY' AND q.certification_body_type IS NOT NULL),
            '[]'::json),
          'criteria', coalesce((SELECT json_agg(c ORDER BY c.name, c.id) FROM crit c), '[]'::json),
          'adjustments', coalesce((SELECT json_agg(json_build_object('criterionId', x.criterion_id,
              'districtId', x.district_id, 'points', x.points, 'reason', x.reason))
              FROM assessment_adjustment x WHERE x.year = $2 AND x.organisation_id IS NULL), '[]'::json),
          'dutyFigures', coalesce((SELECT json_agg(f) FROM (${dutyFiguresSql}) f
              WHERE EXISTS (SELECT 1 FROM crit WHERE method IN ('REPORTED_ON_TIME', 'CHECKLIST_DONE'))), '[]'::json)
        ) AS result`),
      params: [ids.cityPlanId, 2021],
    }),
    count: {
      // Targets, approved reports and official statistics of the year, summed over the districts.
      server: (d) =>
        sum(
          d.cityDashboard.rows.flatMap((r: any) =>
            r.cells.map((c: any) => (c.target ?? 0) + (c.reported ?? 0) + (c.official ?? 0)),
          ),
        ),
      floor: (r) =>
        sum([
          ...r.targets.filter((t: any) => t.year === 2021).map((t: any) => Number(t.value)),
          ...r.actuals
            .filter((a: any) => a.year === 2021 && (a.source === 'REPORTS' || a.source === 'OFFICIAL'))
            .map((a: any) => a.value),
        ]),
    },
  },
];
