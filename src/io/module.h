// Modules of the library that are loaded on first use rather than at start-up (MPI under mpirun,
// oneDNN for the comparisons, cairo for the figures), so that a start that does not need them does
// not pay for them. Each module exports one entry symbol: a table of its functions, or a factory.
#ifndef ACTLAB_SRC_IO_MODULE_H_
#define ACTLAB_SRC_IO_MODULE_H_

#include <string>

namespace actlab {

// The address of `symbol` in the module `file_name`, dlopen'ed with `flags` from the folder of the
// file that holds the library's code (the build folder, or the installed lib folder; for a static
// library, the program's folder, then the install's lib folder). nullptr when the module does not
// load or lacks the symbol, with the reason in *error when given.
void* ModuleEntry(const char* file_name, const char* symbol, int flags,
                  std::string* error = nullptr);

}  // namespace actlab

#endif  // ACTLAB_SRC_IO_MODULE_H_
