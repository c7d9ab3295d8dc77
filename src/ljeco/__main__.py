from ljeco.cli import main

main()
