<?php
// An old endpoint: any origin that contains the company name, with cookies.

$origin = $_SERVER['HTTP_ORIGIN'] ?? '';
if (strpos($origin, 'example.com') !== false) {
    header('Access-Control-Allow-Origin: ' . $origin);
    header('Access-Control-Allow-Credentials: true');
}

if ($_SERVER['REQUEST_METHOD'] === 'OPTIONS') {
    // Refused before CORS is answered: browsers never send the real request.
    http_response_code(405);
    exit;
}

echo 'legacy';
