/* Wine 8 lacks ProcessPrng (bcryptprimitives.dll), which Rust's std imports since 1.78;
   this shim forwards it to BCryptGenRandom so Windows test programs start under Wine. */
#include <windows.h>
#include <bcrypt.h>
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  return BCryptGenRandom(NULL, data, (ULONG)len, BCRYPT_USE_SYSTEM_PREFERRED_RNG) == 0;
}
