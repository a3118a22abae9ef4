def lambda_handler(event:, context:)
end
