from hiphub.cli import main

main()
