x := `raw
string` + "a\"b" + '\n' + 0x1p-2i /* c */ // d
