#include "io/module.h"

#include <dlfcn.h>

#include <filesystem>

namespace actlab {

void* OpenModuleBesideLibrary(const char* file_name, int flags, std::string* error) {
  Dl_info self{};
  std::filesystem::path path = file_name;
  if (dladdr(reinterpret_cast<void*>(&OpenModuleBesideLibrary), &self) != 0 && self.dli_fname) {
    path = std::filesystem::path(self.dli_fname).parent_path() / file_name;
  }
  void* module = dlopen(path.c_str(), flags);
  if (!module && error) {
    const char* reason = dlerror();
    *error = reason ? reason : "dlopen failed";
  }
  return module;
}

}  // namespace actlab
