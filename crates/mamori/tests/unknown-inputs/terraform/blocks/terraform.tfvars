settings = { value = "enabled" }
