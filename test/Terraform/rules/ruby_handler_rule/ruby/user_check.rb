def lambda_handler(event:, context:)
  { status: "ok" }
end
