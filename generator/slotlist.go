package generator

// Slots are every slot of the generated project's shared files, grouped
// by file. A module or provider fills one with _slots/NAME.tmpl in its
// template folder (see Slot); TestSlots holds this list and the templates
// to each other.
var Slots = []Slot{}
