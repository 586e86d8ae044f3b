// The product's areas, in the order of the sidebar, each shown to those whose role may
// use it (`action`, decided by the core's permissions).
import type { Component } from 'svelte';
import type { MessageKey } from './i18n/index.svelte';
import type { Action } from './api/bindings';

export interface Area {
  key: string;
  path: string;
  label: MessageKey;
  description: MessageKey;
  icon: string;
  action?: Action;
  /** What a person who may not use it reads at its address. */
  notAllowed: MessageKey;
}

export const AREAS: Area[] = [
  { key: 'incoming', path: '/incoming', label: 'nav.incoming', description: 'area.incoming', icon: 'incoming', action: 'incoming_view', notAllowed: 'incoming.notAllowed' },
  { key: 'outgoing', path: '/outgoing', label: 'nav.outgoing', description: 'area.outgoing', icon: 'outgoing', action: 'outgoing_view', notAllowed: 'outgoing.notAllowed' },
  { key: 'directions', path: '/directions', label: 'nav.directions', description: 'area.directions', icon: 'directions', action: 'direction_view', notAllowed: 'directions.notAllowed' },
  { key: 'meetings', path: '/meetings', label: 'nav.meetings', description: 'area.meetings', icon: 'meetings', action: 'meeting_view', notAllowed: 'meetings.notAllowed' },
  { key: 'schedule', path: '/schedule', label: 'nav.schedule', description: 'area.schedule', icon: 'schedule', action: 'schedule_view', notAllowed: 'schedule.notAllowed' },
  { key: 'reports', path: '/reports', label: 'nav.reports', description: 'area.reports', icon: 'reports', action: 'report_view', notAllowed: 'reports.notAllowed' },
];

export interface AdminPage {
  path: string;
  label: MessageKey;
  action: Action;
  page: () => Promise<{ default: Component<any> }>;
}

export const ADMIN_PAGES: AdminPage[] = [
  { path: '/admin/users', label: 'nav.users', action: 'user_manage', page: () => import('../pages/admin/Users.svelte') },
  { path: '/admin/departments', label: 'nav.departments', action: 'department_manage', page: () => import('../pages/admin/Departments.svelte') },
  { path: '/admin/agencies', label: 'nav.agencies', action: 'agency_manage', page: () => import('../pages/admin/Agencies.svelte') },
  { path: '/admin/registers', label: 'nav.registers', action: 'register_manage', page: () => import('../pages/admin/Registers.svelte') },
  { path: '/admin/routing', label: 'nav.routing', action: 'register_manage', page: () => import('../pages/admin/Routing.svelte') },
  { path: '/admin/approval-paths', label: 'nav.approvalPaths', action: 'register_manage', page: () => import('../pages/admin/ApprovalPaths.svelte') },
  { path: '/admin/backups', label: 'nav.backups', action: 'backup_manage', page: () => import('../pages/admin/Backups.svelte') },
  { path: '/admin/signing', label: 'nav.signing', action: 'user_manage', page: () => import('../pages/admin/Signing.svelte') },
  { path: '/admin/audit', label: 'nav.audit', action: 'audit_view', page: () => import('../pages/admin/Audit.svelte') },
];

/** The areas shown to a person whose permissions `can` answers. */
export const areasFor = (can: (action: Action) => boolean): Area[] =>
  AREAS.filter((area) => !area.action || can(area.action));
