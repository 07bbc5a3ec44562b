[{"name": "app", "image": "${image}"}]
