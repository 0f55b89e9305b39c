import { useQuery } from '@apollo/client/react';
import { Form, Select } from 'antd';
import { useState } from 'react';
import { useViewer } from '../app/ViewerContext';
import { graphql } from '../gql';
import type { Role } from '../gql/graphql';
import { ROLE_ORGANISATION_KINDS, scopeKindOf } from '../lib/grants';
import { ROLE_LABELS, ROLES } from '../lib/labels';
import { isCityAdmin, viewerDistricts } from '../lib/viewer';

const GrantDistrictsQuery = graphql(`
  query GrantDistricts {
    districts {
      id
      name
    }
  }
`);

const GrantOrganisationsQuery = graphql(`
  query GrantOrganisations($filter: OrganisationFilter) {
    organisations(filter: $filter, first: 100) {
      nodes {
        id
        name
        kind
      }
    }
  }
`);

export interface GrantValues {
  role?: Role;
  districtId?: string;
  organisationId?: string;
}

/** Districts the viewer may grant in: every district for the city, their own for a district admin. */
function useGrantableDistricts() {
  const viewer = useViewer();
  const city = isCityAdmin(viewer);
  const { data, loading } = useQuery(GrantDistrictsQuery, { skip: !city });
  const districts = city ? (data?.districts ?? []) : viewerDistricts(viewer, ['DISTRICT_ADMIN']);
  return { districts, loading };
}

function OrganisationSelect({ role, districtId }: { role: Role; districtId?: string }) {
  const [search, setSearch] = useState('');
  const kinds = ROLE_ORGANISATION_KINDS[role] ?? [];
  const { data, loading } = useQuery(GrantOrganisationsQuery, {
    skip: !districtId,
    variables: {
      filter: {
        districtId,
        ...(kinds.length === 1 ? { kind: kinds[0] } : {}),
        ...(search ? { search } : {}),
      },
    },
  });
  const options = (data?.organisations.nodes ?? [])
    .filter((o) => kinds.includes(o.kind))
    .map((o) => ({ value: o.id, label: o.name }));
  return (
    <Form.Item
      name={['grant', 'organisationId']}
      label="单位"
      rules={[{ required: true, message: '请选择单位' }]}
    >
      <Select
        showSearch
        filterOption={false}
        onSearch={setSearch}
        loading={loading}
        disabled={!districtId}
        placeholder={districtId ? '输入名称或别名搜索' : '请先选择区县'}
        options={options}
        notFoundContent={loading ? '加载中…' : '没有符合该角色的单位'}
      />
    </Form.Item>
  );
}

/** 角色 + 区县 / 单位 of a grant, inside a Form whose values hold `grant`. */
export function GrantFields() {
  const viewer = useViewer();
  const form = Form.useFormInstance();
  const role = Form.useWatch(['grant', 'role'], form) as Role | undefined;
  const districtId = Form.useWatch(['grant', 'districtId'], form) as string | undefined;
  const { districts, loading } = useGrantableDistricts();
  const scope = scopeKindOf(role);
  const roles = isCityAdmin(viewer) ? ROLES : ROLES.filter((r) => r !== 'CITY_ADMIN');

  return (
    <>
      <Form.Item name={['grant', 'role']} label="角色" rules={[{ required: true, message: '请选择角色' }]}>
        <Select
          options={roles.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
          placeholder="请选择角色"
          onChange={() => form.setFieldValue(['grant', 'organisationId'], undefined)}
        />
      </Form.Item>
      {(scope === 'district' || scope === 'organisation') && (
        <Form.Item
          name={['grant', 'districtId']}
          label="区县"
          rules={[{ required: true, message: '请选择区县' }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            loading={loading}
            placeholder="请选择区县"
            options={districts.map((d) => ({ value: d.id, label: d.name }))}
            onChange={() => form.setFieldValue(['grant', 'organisationId'], undefined)}
          />
        </Form.Item>
      )}
      {scope === 'organisation' && role && <OrganisationSelect role={role} districtId={districtId} />}
    </>
  );
}
