import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@apollo/client/react';
import { Badge, Button, Empty, List, Popover, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { graphql } from '../gql';

const TodosQuery = graphql(`
  query MyTodos {
    myTodos {
      count
      items {
        kind
        title
        detail
        dueOn
        link
        entityId
      }
    }
  }
`);

const MarkReadMutation = graphql(`
  mutation MarkReminderRead($id: ID!) {
    markReminderRead(id: $id)
  }
`);

const KIND_COLOR: Record<string, string> = {
  REMINDER: 'red',
  RETURNED: 'orange',
  DUE_SOON: 'blue',
  REVIEW: 'green',
};

/** The header's 待办: the count and a list; opening a reminder marks it read. */
export function TodoBell() {
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const { data, refetch } = useQuery(TodosQuery, { pollInterval: 60_000, fetchPolicy: 'cache-and-network' });
  const [markRead] = useMutation(MarkReadMutation);
  const todos = data?.myTodos;
  const content = (
    <div style={{ width: 'min(360px, 86vw)', maxHeight: 420, overflowY: 'auto' }}>
      {todos?.items.length ? (
        <List
          size="small"
          dataSource={todos.items}
          renderItem={(item) => (
            <List.Item
              style={{ cursor: 'pointer' }}
              data-todo-kind={item.kind}
              onClick={() => {
                setOpen(false);
                void (async () => {
                  if (item.kind === 'REMINDER' && item.entityId)
                    await markRead({ variables: { id: item.entityId } });
                  await refetch();
                })();
                void navigate(item.link);
              }}
            >
              <List.Item.Meta
                title={
                  <span>
                    <Tag color={KIND_COLOR[item.kind] ?? 'default'}>{item.title}</Tag>
                    {item.dueOn && <Typography.Text type="secondary">截止 {item.dueOn}</Typography.Text>}
                  </span>
                }
                description={item.detail}
              />
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无待办" />
      )}
    </div>
  );
  return (
    <Popover
      content={content}
      title="待办"
      trigger="click"
      open={open}
      onOpenChange={setOpen}
      placement="bottomRight"
    >
      <Badge count={todos?.count ?? 0} size="small" overflowCount={99}>
        <Button type="text" icon={<BellOutlined />} aria-label="待办" data-testid="todo-bell">
          待办
        </Button>
      </Badge>
    </Popover>
  );
}
