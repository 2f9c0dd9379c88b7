import { NextResponse, type NextRequest } from 'next/server';

const ALLOWED = new Set(['https://app.example.com', 'https://admin.example.com']);

export async function GET(request: NextRequest) {
  const origin = request.headers.get('origin') ?? '';
  const headers = new Headers({ Vary: 'Origin' });
  if (ALLOWED.has(origin)) {
    headers.set('Access-Control-Allow-Origin', origin);
    headers.set('Access-Control-Allow-Credentials', 'true');
  }
  return NextResponse.json({ items: [] }, { headers });
}
