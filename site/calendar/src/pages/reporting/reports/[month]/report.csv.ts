import { reporting } from '../../../../reporting.ts';

export function getStaticPaths() {
  return reporting.months.map((month) => ({ params: { month } }));
}

export function GET({ params }: { params: { month: string } }): Response {
  return new Response(reporting.monthCsv(params.month), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
}
