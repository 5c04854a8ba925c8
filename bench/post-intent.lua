-- wrk script: POST /payment-intents with Dojo's headers; the key comes from the environment.
wrk.method = "POST"
wrk.body = '{"amount":{"value":1000,"currencyCode":"GBP"},"reference":"Bench order","description":"bench","captureMode":"Auto"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Basic " .. os.getenv("PAC_KEY")
wrk.headers["version"] = "2025-09-10"
