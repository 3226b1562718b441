int cmd_scan(int argc, char **argv) { (void)argc; (void)argv; return 1; }
