#include "io/module.h"

#include <dlfcn.h>

#include <filesystem>

namespace actlab {

void* ModuleEntry(const char* file_name, const char* symbol, int flags, std::string* error) {
  Dl_info self{};
  std::filesystem::path path = file_name;
  if (dladdr(reinterpret_cast<void*>(&ModuleEntry), &self) != 0 && self.dli_fname) {
    path = std::filesystem::path(self.dli_fname).parent_path() / file_name;
  }
  void* module = dlopen(path.c_str(), flags);
#ifdef ACTLAB_MODULE_DIR
  // A program linked to a static libactlab and installed: the modules are in the lib folder.
  if (!module && !std::filesystem::exists(path)) {
    module = dlopen((std::filesystem::path(ACTLAB_MODULE_DIR) / file_name).c_str(), flags);
  }
#endif
  void* entry = module ? dlsym(module, symbol) : nullptr;
  if (!entry && error) {
    const char* reason = dlerror();
    *error = reason ? reason : "dlopen failed";
  }
  return entry;
}

}  // namespace actlab
