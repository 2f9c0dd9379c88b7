import { NextResponse, type NextRequest } from 'next/server';

// The suffix check has no boundary: https://evilexample.com and http://example.com pass it.
export async function GET(request: NextRequest) {
  const origin = request.headers.get('origin') ?? '';
  const response = NextResponse.json({ user: 'me' });
  if (origin.endsWith('example.com')) {
    response.headers.set('Access-Control-Allow-Origin', origin);
    response.headers.set('Access-Control-Allow-Credentials', 'true');
    response.headers.set('Vary', 'Origin');
  }
  return response;
}

// No OPTIONS export: Next answers preflights itself (204, `Allow`, no CORS headers).
export async function DELETE() {
  return new NextResponse(null, { status: 204 });
}
