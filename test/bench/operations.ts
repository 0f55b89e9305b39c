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
];
