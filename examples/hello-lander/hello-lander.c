/* The program of the example package: prints a greeting, or the one given as argument. */
#include <stdio.h>

int main(int argc, char **argv)
{
    printf("Hello, %s!\n", argc > 1 ? argv[1] : "Lander");
    return 0;
}
