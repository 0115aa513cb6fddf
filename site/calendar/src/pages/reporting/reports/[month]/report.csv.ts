import { reportCsv } from '../../../../../../../src/metrics/report/render.ts';
import { reporting } from '../../../../reporting.ts';

export function getStaticPaths() {
  return reporting.months.map((month) => ({ params: { month } }));
}

export function GET({ params }: { params: { month: string } }): Response {
  return new Response(reportCsv(reporting.month(params.month)), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
}
