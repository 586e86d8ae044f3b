import { describe, expect, it } from 'vitest';
import { createRawSnippet, type ComponentProps } from 'svelte';
import { render } from 'svelte/server';
import AdminTable from './AdminTable.svelte';

type Row = { id: number; name: string; active: boolean };
const rows: Row[] = [{ id: 1, name: 'Phòng Kinh tế', active: true }, { id: 2, name: 'Phòng cũ', active: false }];
const cells = createRawSnippet((row: () => Row) => ({ render: () => `<td>${row().name}</td>` }));
const actions = createRawSnippet((row: () => Row) => ({ render: () => `<button type="button">edit ${row().id}</button>` }));
type Props = ComponentProps<typeof AdminTable<Row>>;
// The markup without Svelte's hydration comments.
const html = (props: Partial<Props> & Pick<Props, 'rows'>) =>
  render(AdminTable<Row>, { props: { columns: [{ label: 'Tên' }, { label: 'Số', num: true }], key: (r) => r.id, cells, ...props } })
    .body.replace(/<!--[^]*?-->/g, '');

describe('the administration table', () => {
  it('heads each column, a number column as such, and the steps column for the ear only', () => {
    const out = html({ rows, actions });
    expect(out).toContain('<th scope="col">Tên</th><th scope="col" class="num">Số</th><th scope="col"><span class="visually-hidden">');
    expect(out).toContain('<td class="row-actions"><button type="button">edit 2</button></td>');
  });

  it('greys inactive rows and marks each row as the page asks', () => {
    const out = html({ rows, inactive: (r) => !r.active, attributes: (r) => ({ 'data-name': r.name }) });
    expect(out).toMatch(/<tr[^>]*data-name="Phòng Kinh tế"[^>]*><td>Phòng Kinh tế<\/td><\/tr>/);
    expect(out).toMatch(/<tr(?=[^>]*class="inactive")(?=[^>]*data-name="Phòng cũ")[^>]*>/);
    expect(out).not.toMatch(/<tr(?=[^>]*class="inactive")(?=[^>]*data-name="Phòng Kinh tế")[^>]*>/);
    expect(out).not.toContain('row-actions');
  });

  it('says there is nothing across every column, or shows no row when not told what to say', () => {
    expect(html({ rows: [], actions, empty: 'Không có' })).toContain('<tbody><tr><td colspan="3" class="muted">Không có</td></tr></tbody>');
    expect(html({ rows: [] })).toContain('<tbody></tbody>');
  });

  it('leaves the steps heading empty when told to', () => {
    expect(html({ rows, actions, actionsLabel: '' })).toContain('<th scope="col"></th>');
  });
});
