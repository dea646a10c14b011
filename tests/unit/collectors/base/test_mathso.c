/* test_mathso.c: the exp() that stands in for libm's when libm.so.6
 * cannot be loaded agrees with libm's to within 1e-15 relative (5 ulps; 3 seen). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "collectors/base/mathso.h"

static void test_series_matches_libm(void **state)
{
	(void)state;
	for (double x = -700; x <= 700; x += 0.37) {
		double want = exp(x), got = mathso_series_exp(x);

		assert_true(fabs(got - want) <= 1e-15 * want);
	}
	/* the range unsampling uses: -avg/rate in (-inf, 0] */
	for (double x = -1e-9; x > -50; x *= 1.7)
		assert_true(fabs(mathso_series_exp(x) - exp(x)) <= 1e-15 * exp(x));
	assert_true(mathso_series_exp(0) == 1);
	assert_true(isinf(mathso_series_exp(1000)));
	assert_true(mathso_series_exp(-1000) == 0);
	assert_true(isnan(mathso_series_exp(NAN)));
	/* and the loaded one is libm's */
	assert_true(mathso_exp(-0.25) == exp(-0.25));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_series_matches_libm),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
