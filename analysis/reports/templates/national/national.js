(function(){
var D=JSON.parse(document.getElementById('wb-data').textContent);
var table=document.getElementById('wb-table'),tb=table.tBodies[0];
Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){
th.addEventListener('click',function(){var asc=!th.classList.contains('asc');
Array.prototype.forEach.call(th.parentNode.cells,function(h){h.classList.remove('asc','desc')});
th.classList.add(asc?'asc':'desc');var rs=Array.prototype.slice.call(tb.rows);
function key(r){var c=r.cells[i],k=c.getAttribute('data-k');return k===null?c.textContent:k}
rs.sort(function(a,b){var x=key(a),y=key(b);
if(x===''&&y!=='')return 1;if(y===''&&x!=='')return -1;var nx=parseFloat(x),ny=parseFloat(y);
var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:String(x).localeCompare(String(y));return asc?c:-c});
rs.forEach(function(r){tb.appendChild(r)})})});
var fp=document.getElementById('f-prov'),fg=document.getElementById('f-grp'),
fq=document.getElementById('f-q'),shown=document.getElementById('f-n');
function filter(){var q=fq.value.trim().toLowerCase(),p=fp.value,g=fg.value,n=0;
Array.prototype.forEach.call(tb.rows,function(r){var ok=(!p||r.getAttribute('data-prov')===p)&&
(!g||r.getAttribute('data-grp')===g)&&(!q||r.getAttribute('data-q').indexOf(q)>=0);
r.hidden=!ok;if(ok)n++});shown.textContent=D.shown.replace('{n}',n).replace('{m}',tb.rows.length);
follow(p,g,q)}
// The map follows the filters: a regency of the table is dimmed when its row is hidden, any
// other regency when its own province, group, name or code does not match.
function follow(p,g,q){var rows={},on=p||g||q;
Array.prototype.forEach.call(tb.rows,function(r){rows[r.cells[0].textContent]=!r.hidden});
Array.prototype.forEach.call(document.querySelectorAll('#wb-map path'),function(s){
var c=s.getAttribute('data-c'),ok=!on||(c in rows?rows[c]:(!p||s.getAttribute('data-prov')===p)&&
(!g||s.getAttribute('data-grp')===g)&&(!q||s.getAttribute('data-q').indexOf(q)>=0));
if(ok)s.removeAttribute('data-off');else s.setAttribute('data-off','')})}
// CSV of the table as shown (filtered, in its order), without the files column. Every field is
// quoted; text a spreadsheet would run as a formula (= + - @, tab, CR first, and not simply a
// number such as -0,12 or -1.234,5) gets a leading ' so it stays text.
function field(v){v=String(v);if(/^[=+\-@\t\r]/.test(v)&&!/^[+-]?(?=[^e]*\d)[\d.,]+(e[+-]?\d+)?$/i.test(v))
v="'"+v;return '"'+v.replace(/"/g,'""')+'"'}
function csv(){var hs=Array.prototype.slice.call(table.tHead.rows[0].cells,0,-1),
out=[hs.map(function(h){return field(h.textContent)}).join(',')];
Array.prototype.forEach.call(tb.rows,function(r){if(r.hidden)return;
out.push(Array.prototype.slice.call(r.cells,0,hs.length).map(function(c){
return field(c.textContent)}).join(','))});return '\ufeff'+out.join('\r\n')+'\r\n'}
window.wbCsv=csv;
document.getElementById('f-csv').addEventListener('click',function(){
var a=document.createElement('a'),u=URL.createObjectURL(new Blob([csv()],{type:'text/csv;charset=utf-8'}));
a.href=u;a.download=D.csv_name;document.body.appendChild(a);a.click();a.remove();
setTimeout(function(){URL.revokeObjectURL(u)},1000)});
[fp,fg].forEach(function(e){e.addEventListener('change',filter)});
fq.addEventListener('input',filter);filter();
var sel=document.getElementById('f-var');if(!sel)return;
var paths=document.querySelectorAll('#wb-map path'),legend=document.getElementById('wb-legend');
function paint(){var v=D.vars[+sel.value];
Array.prototype.forEach.call(paths,function(p){var x=v.values[p.getAttribute('data-c')],
t=p.firstChild;if(p.wbName===undefined)p.wbName=t.textContent;
p.setAttribute('class',x&&x[1]!==null?'c'+x[1]:'cn');
t.textContent=p.wbName+': '+(x?x[0]:D.nodata)});
legend.innerHTML='';v.legend.concat([D.nodata]).forEach(function(l,i){
var s=document.createElement('div'),b=document.createElement('span');
b.style.background=i<v.legend.length?D.colors[i]:D.colors[D.colors.length-1];
s.appendChild(b);s.appendChild(document.createTextNode(l));legend.appendChild(s)});
document.getElementById('wb-illus').style.display=v.illustrative?'':'none'}
sel.addEventListener('change',paint);paint();
})();
