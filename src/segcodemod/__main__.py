"""`python -m segcodemod`: the same as the `segcodemod` command."""

from segcodemod.cli import main

main()
