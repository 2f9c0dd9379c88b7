<?php
// A plain PHP front controller that answers CORS itself.

const TRUSTED = ['https://app.example.com', 'https://admin.example.com'];

$origin = $_SERVER['HTTP_ORIGIN'] ?? '';
if (in_array($origin, TRUSTED, true)) {
    header('Access-Control-Allow-Origin: ' . $origin);
    header('Access-Control-Allow-Credentials: true');
}
header('Vary: Origin');

if ($_SERVER['REQUEST_METHOD'] === 'OPTIONS') {
    header('Access-Control-Allow-Methods: GET, POST, PUT');
    header('Access-Control-Allow-Headers: Content-Type');
    header('Access-Control-Max-Age: 600');
    http_response_code(204);
    exit;
}

echo json_encode(['ok' => true]);
