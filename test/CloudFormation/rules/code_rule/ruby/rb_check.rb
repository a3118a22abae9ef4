def lambda_handler(event:, context:)
  "rb"
end
