from complaints import admin_accountability  # noqa: F401  (好差评, 整改, 过错责任追究, registers)
