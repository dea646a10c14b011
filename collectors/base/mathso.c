/* mathso.c: load libm's exp on first use (see mathso.h). */
#include "mathso.h"

#include <dlfcn.h>
#include <math.h>
#include <pthread.h>

static double (*libm_exp)(double);
static pthread_once_t libm_once = PTHREAD_ONCE_INIT;

static void load_libm(void)
{
	void *h = dlopen("libm.so.6", RTLD_NOW | RTLD_LOCAL);
	void *sym = h != NULL ? dlsym(h, "exp") : NULL;

	/* dlsym returns void *; POSIX guarantees it converts to a function pointer. */
	if (sym != NULL)
		*(void **)(&libm_exp) = sym;
}

/* e^x = 2^k * e^r with |r| <= ln2/2 (ln2 split in two so k*ln2 is exact),
 * e^r by its Taylor series: the 14th term is below 2^-53 of the sum. */
double mathso_series_exp(double x)
{
	static const double ln2_hi = 6.93147180369123816490e-01,
			    ln2_lo = 1.90821492927058770002e-10;
	double k, r, sum = 1, term = 1;

	if (isnan(x))
		return x;
	if (x > 709.8)
		return HUGE_VAL;
	if (x < -745.2)
		return 0;
	k = (double)(long)(x / 6.93147180559945309417e-01 + (x < 0 ? -0.5 : 0.5));
	r = (x - k * ln2_hi) - k * ln2_lo;
	for (int i = 1; i <= 14; i++) {
		term *= r / i;
		sum += term;
	}
	for (; k > 0; k--)
		sum *= 2;
	for (; k < 0; k++)
		sum /= 2;
	return sum;
}

double mathso_exp(double x)
{
	pthread_once(&libm_once, load_libm);
	return libm_exp != NULL ? libm_exp(x) : mathso_series_exp(x);
}
