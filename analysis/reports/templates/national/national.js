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
r.hidden=!ok;if(ok)n++});shown.textContent=D.shown.replace('{n}',n).replace('{m}',tb.rows.length)}
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
