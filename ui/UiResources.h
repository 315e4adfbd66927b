#pragma once

namespace onair::ui {

// onair.qrc is compiled into the static onair_ui library, where the linker would drop its
// unreferenced initializer; every widget that loads ":/..." calls this first. Idempotent.
void ensureUiResources();

} // namespace onair::ui
